// The planner's scenario form: an example to start from, a few simple fields for the main levers and the scenario
// file's text, kept in step; and the API's field errors shown beside the field or under the text.
import { t } from './i18n.js';
import { parseScenario, valueAt, withNumber } from './planner-scenario.js';

/** The runs an example starts with on this page: few, so a run ends in seconds; the field takes more. */
export const defaultRuns = 50;
const byId = (id) => document.getElementById(id);

export class ScenarioForm {
  constructor() {
    this.examples = [];
    this.fields = [...document.querySelectorAll('#planner-form input[data-field]')];
    byId('planner-example').addEventListener('change', () => this.loadExample());
    for (const input of this.fields) input.addEventListener('change', () => this.fieldChanged(input));
    byId('planner-json').addEventListener('input', () => this.fillFields());
  }

  setExamples(examples) {
    this.examples = examples;
    byId('planner-example').replaceChildren(...examples.map((example) => new Option(example.name, example.id)));
    this.loadExample();
  }

  loadExample() {
    const example = this.examples.find((e) => e.id === byId('planner-example').value);
    if (!example) return;
    const runs = valueAt(parseScenario(example.text).scenario, 'runs') ?? defaultRuns;
    byId('planner-json').value = withNumber(example.text, 'runs', Math.min(runs, defaultRuns)) ?? example.text;
    this.clearErrors();
    this.fillFields();
  }

  fillFields() {
    const { scenario } = parseScenario(byId('planner-json').value);
    if (!scenario) return;
    for (const input of this.fields) input.value = valueAt(scenario, input.dataset.field) ?? '';
  }

  fieldChanged(input) {
    if (input.value === '' || !Number.isFinite(Number(input.value))) return;
    const text = withNumber(byId('planner-json').value, input.dataset.field, Number(input.value));
    if (text === null) {
      this.showErrors({ $: [t('planner.badJson', { error: parseScenario(byId('planner-json').value).error })] });
      return;
    }
    byId('planner-json').value = text;
    this.clearError(input);
  }

  clearErrors() {
    byId('planner-errors').replaceChildren();
    byId('planner-json').removeAttribute('aria-invalid');
    for (const input of this.fields) this.clearError(input);
  }

  clearError(input) {
    input.removeAttribute('aria-invalid');
    byId(input.id + '-error').textContent = '';
  }

  /** The API's field errors ({ "migration.cityShare": ["…"] }) in the list below the text, and beside a field that has one. */
  showErrors(errors) {
    const list = byId('planner-errors');
    list.replaceChildren();
    for (const [field, messages] of Object.entries(errors)) {
      for (const message of messages) {
        const item = document.createElement('li');
        item.dataset.field = field;
        item.textContent = field === '$' ? message : `${field}: ${message}`;
        list.append(item);
      }
      const input = this.fields.find((f) => f.dataset.field === field);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        byId(input.id + '-error').textContent = messages.join(' ');
      } else {
        byId('planner-json').setAttribute('aria-invalid', 'true');
      }
    }
  }
}
