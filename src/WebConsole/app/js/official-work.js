// The work on one report of the official's page: what happened so far, and a form for each step the
// reports API offers (acknowledge, note, resolve, pass on). A refusal is shown beside the field it names.
import { getJson, postJson, ApiError } from './api.js';
import { t, formatTime } from './i18n.js';

/** Each step: its route under /api/reports/{id}/, its fields (named as the API names them), the message once done. */
const steps = [
  { name: 'acknowledge', route: 'acknowledge', fields: [{ key: 'text', kind: 'textarea', optional: true }], done: 'official.done.acknowledge' },
  { name: 'note', route: 'notes', fields: [{ key: 'text', kind: 'textarea' }], done: 'official.done.note' },
  { name: 'resolve', route: 'resolve', fields: [{ key: 'resolution', kind: 'textarea' }], done: 'official.done.resolve' },
  { name: 'passOn', route: 'pass-on', fields: [{ key: 'to', kind: 'select' }, { key: 'reason', kind: 'textarea' }], done: 'official.done.passOn' },
];

export class WorkPanel {
  constructor({ actor, holders, done }) {
    this.actor = actor;
    this.holders = holders;
    this.done = done;
    this.report = null;
    this.element = document.createElement('div');
    this.element.className = 'work';
    this.element.id = 'work-panel';
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-labelledby', 'work-title');
    this.heading = Object.assign(document.createElement('h4'), { id: 'work-title', tabIndex: -1 });
    this.history = document.createElement('ol');
    this.history.className = 'history';
    this.history.setAttribute('aria-labelledby', 'work-history-title');
    this.historyTitle = Object.assign(document.createElement('h5'), { id: 'work-history-title' });
    this.forms = new Map(steps.map((step) => [step.name, this.form(step)]));
    this.element.append(this.heading, this.historyTitle, this.history, ...this.forms.values());
    this.drawTexts();
  }

  form(step) {
    const form = document.createElement('form');
    form.className = 'work-step';
    form.dataset.step = step.name;
    form.noValidate = true;
    form.setAttribute('aria-labelledby', `work-${step.name}-submit`);
    for (const field of step.fields) {
      const id = `work-${step.name}-${field.key}`;
      const label = Object.assign(document.createElement('label'), { htmlFor: id });
      label.dataset.key = `work.${step.name}.${field.key}`;
      const control = document.createElement(field.kind);
      control.id = id;
      control.name = field.key;
      if (field.kind === 'textarea') { control.rows = 2; control.maxLength = 4000; }
      control.required = !field.optional;
      const error = Object.assign(document.createElement('p'), { id: `${id}-error`, className: 'field-error error' });
      error.setAttribute('aria-live', 'polite');
      control.setAttribute('aria-describedby', error.id);
      form.append(label, control, error);
    }
    const submit = Object.assign(document.createElement('button'), { type: 'submit', id: `work-${step.name}-submit` });
    const error = Object.assign(document.createElement('p'), { id: `work-${step.name}-error`, className: 'field-error error' });
    error.setAttribute('aria-live', 'polite');
    form.append(submit, error);
    form.addEventListener('submit', (e) => { e.preventDefault(); this.send(step, form); });
    return form;
  }

  /** Opens the panel on a report from the list: empty fields, its history read afresh. */
  open(report) {
    this.report = report;
    for (const form of this.forms.values()) {
      form.reset();
      this.clearErrors(form);
    }
    this.drawHolders();
    this.drawStatus();
    this.drawTexts();
    this.history.replaceChildren();
    this.refresh();
  }

  close() {
    this.report = null;
  }

  /** Reads the report's steps again (GET /api/reports/{id}); typed text stays. */
  async refresh() {
    const id = this.report?.id;
    if (!id) return;
    try {
      const details = await getJson(`/api/reports/${encodeURIComponent(id)}`);
      if (this.report?.id !== id) return;
      this.report = details;
      this.drawStatus();
      this.history.replaceChildren(...details.events.slice(-6).map((e) => {
        const li = document.createElement('li');
        li.textContent = `${formatTime(e.at)} · ${t('work.kind.' + e.kind)} · ${e.actor}: ${e.text}`;
        return li;
      }));
    } catch (error) {
      console.warn('report', error);
    }
  }

  /** Acknowledging once is enough: the form goes once the report is acknowledged. */
  drawStatus() {
    this.forms.get('acknowledge').hidden = this.report?.status === 'acknowledged';
  }

  /** Whom a report can be passed on to: departments first, then officials by role; never oneself. */
  drawHolders() {
    const select = this.forms.get('passOn').querySelector('select');
    const chosen = select.value;
    const holders = this.holders();
    if (!holders) return;
    const group = (label, entries) => {
      const g = document.createElement('optgroup');
      g.label = label;
      g.append(...entries.map((e) => new Option(`${e.name} (${e.id})`, e.id)));
      return g;
    };
    const others = holders.officials.filter((o) => o.id !== this.actor());
    select.replaceChildren(new Option(t('report.choose'), ''),
      group(t('official.departments'), holders.departments),
      ...['communityHead', 'districtHead', 'gridOfficial'].map((role) =>
        group(t('official.role.' + role), others.filter((o) => o.role === role))));
    select.value = chosen;
  }

  async send(step, form) {
    if (!this.report) return;
    this.clearErrors(form);
    const body = { actorId: this.actor() };
    for (const field of step.fields) {
      const value = form.elements[field.key].value.trim();
      if (value || !field.optional) body[field.key] = value;
    }
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const report = await postJson(`/api/reports/${encodeURIComponent(this.report.id)}/${step.route}`, body);
      form.reset();
      await this.done(report, step.done);
    } catch (error) {
      this.showErrors(form, step, error);
    } finally {
      submit.disabled = false;
    }
  }

  /** Problem details: each field's messages beside that field; anything else (status, actorId) under the button. */
  showErrors(form, step, error) {
    const entries = error instanceof ApiError ? Object.entries(error.errors) : [];
    if (entries.length === 0) entries.push(['', [error.message]]);
    for (const [field, messages] of entries) {
      const control = step.fields.some((f) => f.key === field) ? form.elements[field] : null;
      const target = control ? form.querySelector(`#${control.id}-error`) : form.querySelector(`#work-${step.name}-error`);
      target.textContent += (target.textContent ? ' ' : '') + messages.join(' ');
      control?.setAttribute('aria-invalid', 'true');
    }
  }

  clearErrors(form) {
    for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
    for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  }

  drawTexts() {
    this.heading.textContent = t('work.title', { id: this.report?.id ?? '' });
    this.historyTitle.textContent = t('work.history');
    for (const label of this.element.querySelectorAll('label[data-key]')) label.textContent = t(label.dataset.key);
    for (const step of steps) this.forms.get(step.name).querySelector('button[type="submit"]').textContent = t(`work.${step.name}.submit`);
  }

  languageChanged() {
    this.drawTexts();
    this.drawHolders();
    if (this.report) this.refresh();
  }
}
