// The planner page: pick or edit a scenario, run it in the twin (POST /api/scenarios), follow its progress, see
// its projection as charts and a map of the year each grid cell's gap opens, and compare two finished runs.
import { ApiError, getJson, postJson } from './api.js';
import { currentLanguage, t } from './i18n.js';
import { readAddress, writeAddress } from './address.js';
import { lineChart } from './planner-chart.js';
import { comparisonView } from './planner-compare.js';
import { GapYearMap } from './planner-gapmap.js';
import { ScenarioForm } from './planner-form.js';
import { parseScenario, urbanShareOf } from './planner-scenario.js';
import './planner-texts.js';

const pollMilliseconds = 300;
const storageKey = 'smartcity.planner.runs';
const needColours = ['#1f77b4', '#e6740a', '#2ca02c', '#9467bd', '#d62728'];
const byId = (id) => document.getElementById(id);

function locale() { return currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB'; }

/** People to the person, a count of cells to one decimal (a median of an even number of runs may fall between two). */
function formatCount(value) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: Math.abs(value) >= 1000 ? 0 : 1 }).format(value);
}

function formatAxis(value) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1, notation: Math.abs(value) >= 10000 ? 'compact' : 'standard' }).format(value);
}

function formatShare(value) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** The runs started from this browser tab: id, name, status and the urbanization input the charts need. */
function loadRuns() {
  try { return JSON.parse(sessionStorage.getItem(storageKey) || '[]'); } catch { return []; }
}

export class PlannerPage {
  constructor(city) {
    this.city = city;
    this.examples = null;
    this.runs = loadRuns();
    this.summaries = new Map();
    this.shownRun = null;
    this.polling = null;
    this.status = null;
    this.compared = null;
    this.gapMap = new GapYearMap(byId('planner-gap-map'), city);
    this.form = new ScenarioForm();
    byId('planner-form').addEventListener('submit', (e) => { e.preventDefault(); this.start(); });
    byId('planner-cancel').addEventListener('click', () => this.cancel());
    byId('planner-gap-need').addEventListener('change', () => this.drawGapMap());
    byId('planner-compare-run').addEventListener('click', () => this.compare());
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (document.body.dataset.page === 'planner') this.redraw(); }, 250);
    });
    this.fillNeedSelects();
    this.drawRunList();
  }

  async shown() {
    if (!this.examples) {
      try {
        this.examples = await getJson('/api/planning/examples');
      } catch (error) {
        this.examples = null;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) this.setStatus('planner.signIn');
        else this.setStatus('planner.requestFailed', { error: error.message });
        return;
      }
      this.form.setExamples(this.examples);
    }
    const wanted = readAddress('run');
    if (wanted && wanted !== this.shownRun && wanted !== this.polling) this.follow(wanted);
    else if (this.shownRun) { writeAddress('run', this.shownRun); this.gapMap.resize(); }
  }

  languageChanged() {
    this.fillNeedSelects();
    this.drawRunList();
    if (this.status) this.setStatus(this.status.key, this.status.values);
    this.redraw();
  }

  redraw() {
    if (this.shownRun && this.summaries.has(this.shownRun)) this.render(this.summaries.get(this.shownRun));
    if (this.compared) this.compare();
  }

  setStatus(key, values = {}) {
    this.status = { key, values };
    byId('planner-status').textContent = key ? t(key, values) : '';
  }

  // ---- A run: started, followed until it ends, its projection read and drawn.

  async start() {
    this.form.clearErrors();
    const { scenario, error } = parseScenario(byId('planner-json').value);
    if (!scenario) {
      this.form.showErrors({ $: [t('planner.badJson', { error })] });
      this.setStatus('planner.notStarted');
      return;
    }
    const button = byId('planner-run');
    button.disabled = true;
    this.setStatus('planner.starting');
    try {
      const progress = await postJson('/api/scenarios', { ...scenario, start: byId('planner-start').value });
      this.runs = [{ id: progress.id, name: scenario.name || progress.id, status: progress.status, urbanization: scenario.urbanization ?? null },
        ...this.runs.filter((r) => r.id !== progress.id)];
      this.saveRuns();
      this.follow(progress.id);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400) {
        this.form.showErrors(failure.errors);
        this.setStatus('planner.notStarted');
      } else {
        this.setStatus('planner.requestFailed', { error: failure.message });
      }
    } finally {
      button.disabled = false;
    }
  }

  async follow(id) {
    this.polling = id;
    writeAddress('run', id);
    byId('planner-progress').hidden = false;
    byId('planner-cancel').hidden = false;
    let progress;
    try {
      progress = await getJson(`/api/scenarios/${encodeURIComponent(id)}`);
    } catch (failure) {
      this.stopFollowing(id);
      if (failure instanceof ApiError && failure.status === 404) {
        this.setStatus('planner.gone', { id });
        this.runs = this.runs.filter((r) => r.id !== id);
        this.saveRuns();
      } else {
        this.setStatus('planner.requestFailed', { error: failure.message });
      }
      return;
    }
    if (this.polling !== id) return;
    this.showProgress(progress);
    this.updateRun(id, progress.status);
    if (progress.status === 'running') {
      setTimeout(() => { if (this.polling === id) this.follow(id); }, pollMilliseconds);
      return;
    }
    this.stopFollowing(id);
    const counts = { done: progress.runsDone, total: progress.runsTotal };
    if (progress.status === 'done') {
      this.setStatus('planner.loading');
      await this.show(id);
      this.setStatus('planner.done', counts);
    } else if (progress.status === 'cancelled') {
      this.setStatus('planner.cancelled', counts);
    } else {
      this.setStatus('planner.failed', { error: progress.error ?? '' });
    }
  }

  stopFollowing(id) {
    if (this.polling === id) this.polling = null;
    byId('planner-cancel').hidden = true;
  }

  showProgress(progress) {
    const percent = progress.runsTotal > 0 ? Math.round((100 * progress.runsDone) / progress.runsTotal) : 0;
    const bar = byId('planner-progress');
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', t('planner.running', { done: progress.runsDone, total: progress.runsTotal }));
    bar.firstElementChild.style.width = percent + '%';
    if (progress.status === 'running') this.setStatus('planner.running', { done: progress.runsDone, total: progress.runsTotal });
  }

  async cancel() {
    if (!this.polling) return;
    try {
      await postJson(`/api/scenarios/${encodeURIComponent(this.polling)}/cancel`, {});
    } catch (failure) {
      this.setStatus('planner.requestFailed', { error: failure.message });
    }
  }

  async summaryOf(id) {
    if (!this.summaries.has(id)) this.summaries.set(id, await getJson(`/api/scenarios/${encodeURIComponent(id)}/summary`));
    return this.summaries.get(id);
  }

  async show(id) {
    try {
      const summary = await this.summaryOf(id);
      this.shownRun = id;
      writeAddress('run', id);
      this.render(summary);
    } catch (failure) {
      this.setStatus('planner.requestFailed', { error: failure.message });
    }
  }

  chartWidth(element) {
    return Math.max(300, Math.min(900, Math.round(element.clientWidth || 640)));
  }

  render(summary) {
    const section = byId('planner-result');
    section.hidden = false;
    byId('planner-result-title').textContent = summary.scenario;
    const start = summary.start?.from === 'live' && summary.start.takenAt
      ? t('planner.fromLive', { time: new Date(summary.start.takenAt).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' }) })
      : t('planner.fromCity');
    byId('planner-result-facts').textContent = t('planner.facts', {
      runs: summary.runs, seed: summary.seed, from: summary.startYear, to: summary.startYear + summary.years - 1, start,
    });
    const charts = byId('planner-charts');
    const width = this.chartWidth(charts);
    const years = summary.cityByYear.map((y) => y.year);
    const band = (pick) => ({ p10: summary.cityByYear.map((y) => pick(y).p10), p50: summary.cityByYear.map((y) => pick(y).p50), p90: summary.cityByYear.map((y) => pick(y).p90) });
    const figures = [];
    const run = this.runs.find((r) => r.id === this.shownRun);
    const urban = urbanShareOf(run?.urbanization, summary.startYear, summary.years);
    if (urban) {
      figures.push(lineChart({
        id: 'planner-chart-urban', title: t('planner.urbanTitle'), description: t('planner.urbanDesc'), width, format: formatShare,
        bandLabel: t('planner.band'), years: urban.map((u) => u.year),
        series: [{ key: 'urbanShare', label: t('planner.urbanShare'), colour: '#5b3f99',
          p10: urban.map((u) => u.p10), p50: urban.map((u) => u.p50), p90: urban.map((u) => u.p90) }],
      }));
    }
    figures.push(lineChart({
      id: 'planner-chart-people', title: t('planner.peopleTitle'), description: t('planner.peopleDesc'), width, format: formatCount, axisFormat: formatAxis,
      bandLabel: t('planner.band'), years,
      series: [
        { key: 'residents', label: t('planner.residents'), colour: '#1f5f99', ...band((y) => y.residents) },
        { key: 'migrants', label: t('planner.migrants'), colour: '#d95f02', ...band((y) => y.migrants) },
      ],
    }));
    figures.push(lineChart({
      id: 'planner-chart-short', title: t('planner.shortTitle'), description: t('planner.shortDesc'), width, format: formatCount, axisFormat: formatAxis,
      bandLabel: t('planner.band'), years,
      series: summary.needs.map((need, n) => ({ key: need, label: t('need.' + need), colour: needColours[n % needColours.length], ...band((y) => y.needs[n].cellsShort) })),
    }));
    charts.replaceChildren(...figures);
    this.drawGapMap();
  }

  drawGapMap() {
    const summary = this.summaries.get(this.shownRun);
    if (!summary) return;
    const choice = byId('planner-gap-need').value;
    const yearOf = choice === 'any'
      ? (cell) => cell.gaps.map((g) => g.p50Year).filter((y) => y != null).reduce((a, b) => Math.min(a, b), Infinity)
      : (cell) => cell.gaps[Number(choice)].p50Year;
    this.gapMap.draw(summary, (cell) => { const year = yearOf(cell); return Number.isFinite(year) ? year : null; });
  }

  // ---- The runs of this tab, and comparing two of them.

  saveRuns() {
    sessionStorage.setItem(storageKey, JSON.stringify(this.runs.slice(0, 20)));
    this.drawRunList();
  }

  updateRun(id, status) {
    const run = this.runs.find((r) => r.id === id);
    if (run && run.status !== status) { run.status = status; this.saveRuns(); }
  }

  drawRunList() {
    const list = byId('planner-run-list');
    byId('planner-runs-empty').hidden = this.runs.length > 0;
    list.replaceChildren(...this.runs.map((run) => {
      const item = document.createElement('li');
      item.dataset.id = run.id;
      const status = document.createElement('span');
      status.className = 'status';
      status.textContent = t('planner.status.' + run.status);
      item.append(`${run.name} `, status, ' ');
      if (run.status === 'done') {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = t('planner.show');
        button.setAttribute('aria-label', `${t('planner.show')}: ${run.name} (${run.id})`);
        button.addEventListener('click', async () => { await this.show(run.id); byId('planner-result').scrollIntoView({ behavior: 'smooth' }); });
        item.append(button);
      }
      return item;
    }));
    const finished = this.runs.filter((r) => r.status === 'done');
    byId('planner-compare-hint').hidden = finished.length >= 2;
    ['planner-compare-a', 'planner-compare-b'].forEach((id, i) => {
      const select = byId(id), previous = select.value;
      select.replaceChildren(...finished.map((r) => new Option(t('planner.runOption', { name: r.name, id: r.id }), r.id)));
      if (finished.some((r) => r.id === previous)) select.value = previous;
      else if (finished.length > 1) select.value = finished[i === 0 ? 1 : 0].id;
    });
  }

  fillNeedSelects() {
    const needs = ['publicToilets', 'parkingSpaces', 'serviceHallThroughput', 'officials', 'acknowledgeTime'];
    for (const [id, any] of [['planner-gap-need', true], ['planner-compare-need', false]]) {
      const select = byId(id), previous = select.value;
      select.replaceChildren(
        ...(any ? [new Option(t('planner.anyNeed'), 'any')] : []),
        ...needs.map((need, n) => new Option(t('need.' + need), String(n))));
      if (previous) select.value = previous;
    }
  }

  async compare() {
    const a = byId('planner-compare-a').value, b = byId('planner-compare-b').value;
    const output = byId('planner-compare-output');
    if (!a || !b || a === b) {
      this.compared = null;
      output.replaceChildren();
      byId('planner-compare-status').textContent = t('planner.compareNeedTwo');
      return;
    }
    byId('planner-compare-status').textContent = '';
    try {
      const [first, second] = await Promise.all([this.summaryOf(a), this.summaryOf(b)]);
      const name = (id) => this.runs.find((r) => r.id === id)?.name ?? id;
      this.compared = [a, b];
      output.replaceChildren(...comparisonView(
        { id: a, name: name(a), summary: first }, { id: b, name: name(b), summary: second },
        Number(byId('planner-compare-need').value), { format: formatCount, width: this.chartWidth(output) }));
    } catch (failure) {
      byId('planner-compare-status').textContent = t('planner.requestFailed', { error: failure.message });
    }
  }
}
