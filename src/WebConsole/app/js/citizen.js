// The citizen's panel: nearest free parking and open toilet from a chosen place, a report filed
// there, and the reports filed from this browser, followed as they move.
import { getJson, postJson, query, ApiError } from './api.js';
import { t, categoryName, formatTime, attributeDescription, attributeValueName } from './i18n.js';

const myReportsKey = 'smartcity.myReports';
const $ = (id) => document.getElementById(id);

export class CitizenPanel {
  constructor(categories) {
    this.categories = categories;
    this.place = null;
    this.reports = new Map(); // id -> latest view
    $('report-category').addEventListener('change', () => this.drawAttributes());
    $('report-form').addEventListener('submit', (e) => { e.preventDefault(); this.fileReport(); });
    this.drawCategories();
  }

  async choosePlace(lat, lon) {
    this.place = { lat, lon };
    $('place').hidden = false;
    $('place-text').textContent = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    const at = { lat: lat.toFixed(6), lon: lon.toFixed(6) };
    $('place').dataset.latLon = `${at.lat},${at.lon}`;
    await Promise.all([
      this.search($('parking-results'), '/api/parking/nearby?' + query({ ...at, radius: 1500, limit: 3 }), 'citizen.noParking', (m) =>
        (m.kind === 'carPark' ? t('parking.carPark', { name: m.name, spaces: m.spacesFree }) : t('parking.bay', { name: m.name }))),
      this.search($('toilet-results'), '/api/facilities/nearby?' + query({ ...at, kind: 'publicToilet', openNow: true, radius: 3000, limit: 3 }),
        'citizen.noToilet', (m) => m.name),
    ]);
  }

  async search(list, path, noneKey, describe) {
    list.replaceChildren(item(t('citizen.searching'), 'searching'));
    try {
      const answer = await getJson(path);
      list.replaceChildren(...(answer.results.length === 0 ? [item(t(noneKey), 'none')] : answer.results.map((m) => {
        const li = item(`${describe(m)} · ${t('distance', { meters: Math.round(m.distanceMeters) })}`);
        li.dataset.id = m.id;
        return li;
      })));
    } catch (error) {
      list.replaceChildren(item(t('citizen.failed', { error: error.message }), 'error none'));
    }
  }

  drawCategories() {
    const select = $('report-category');
    const chosen = select.value;
    const placeholder = new Option(t('report.choose'), '');
    select.replaceChildren(placeholder, ...this.categories.map((c) => new Option(categoryName(c), c.code)));
    select.value = chosen;
    this.drawAttributes();
  }

  /** The chosen category's questions (e.g. "Is it dangerous?"), each a labelled control. */
  drawAttributes() {
    const box = $('report-attributes');
    const category = this.categories.find((c) => c.code === $('report-category').value);
    const kept = Object.fromEntries([...box.querySelectorAll('[data-code]')].map((el) => [el.dataset.code, el.value]));
    box.replaceChildren();
    for (const attribute of category?.attributes ?? []) {
      const id = `report-attribute-${attribute.code}`;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = attributeDescription(category.code, attribute) + (attribute.required ? ' *' : '');
      let control;
      if (attribute.values?.length) {
        control = document.createElement('select');
        control.append(new Option(t('report.choose'), ''),
          ...attribute.values.map((v) => new Option(attributeValueName(category.code, attribute.code, v), v.key)));
      } else {
        control = document.createElement('input');
        control.type = 'text';
      }
      control.id = id;
      control.dataset.code = attribute.code;
      control.required = Boolean(attribute.required);
      control.value = kept[attribute.code] ?? '';
      box.append(label, control);
    }
  }

  async fileReport() {
    const message = $('report-message');
    if (!this.place) return;
    const attributes = {};
    for (const el of $('report-attributes').querySelectorAll('[data-code]')) if (el.value) attributes[el.dataset.code] = el.value;
    const body = {
      category: $('report-category').value,
      description: $('report-description').value,
      location: this.place,
      attributes,
    };
    const photo = $('report-photo').value.trim();
    if (photo) body.photoUrl = photo;
    message.className = '';
    message.textContent = t('report.sending');
    $('report-submit').disabled = true;
    try {
      const report = await postJson('/api/reports', body, { asCitizen: true });
      this.remember(report.id);
      this.reports.set(report.id, report);
      this.drawMyReports();
      message.textContent = t('report.filed', { id: report.id });
      $('report-description').value = '';
      $('report-photo').value = '';
    } catch (error) {
      message.className = 'error';
      message.replaceChildren(t('report.refused'), ...problemLines(error));
    } finally {
      $('report-submit').disabled = false;
    }
  }

  remember(id) {
    const ids = this.myReportIds();
    if (!ids.includes(id)) localStorage.setItem(myReportsKey, JSON.stringify([id, ...ids].slice(0, 50)));
  }

  myReportIds() {
    try { return JSON.parse(localStorage.getItem(myReportsKey) || '[]'); } catch { return []; }
  }

  /** Reads every report of this browser afresh. */
  async refreshMyReports() {
    await Promise.all(this.myReportIds().map((id) => this.refreshReport(id)));
    this.drawMyReports();
  }

  async refreshReport(id) {
    try {
      this.reports.set(id, await getJson(`/api/reports/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.reports.delete(id);
    }
  }

  /** A report step came through the live feed: if the report is one of ours, show where it is now. */
  async reportChanged(entityId) {
    const id = entityId.replace(/^report:/, '');
    if (!this.myReportIds().includes(id)) return;
    await this.refreshReport(id);
    this.drawMyReports();
  }

  drawMyReports() {
    const ids = this.myReportIds().filter((id) => this.reports.has(id));
    $('my-reports-empty').hidden = ids.length > 0;
    $('my-reports-list').replaceChildren(...ids.map((id) => this.reportItem(this.reports.get(id))));
  }

  reportItem(r) {
    const li = document.createElement('li');
    li.className = 'report-item';
    li.dataset.id = r.id;
    li.dataset.status = r.status;
    const category = this.categories.find((c) => c.code === r.category) ?? { code: r.category, name: r.categoryName };
    const head = document.createElement('div');
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = t('status.' + r.status);
    head.append(`${r.id} · ${categoryName(category)} `, status);
    if (r.overdue) head.append(' ', Object.assign(document.createElement('span'), { className: 'error', textContent: t('mine.overdue') }));
    li.append(head, line(r.description));
    if (r.status !== 'resolved' && r.status !== 'closed') li.append(line(t('mine.deadline', { time: formatTime(r.resolveBy) }), 'muted'));
    const last = r.events?.at(-1);
    if (last?.text) li.append(line(t('mine.last', { text: last.text }), 'muted'));
    if (r.rating) li.append(line(t('mine.rated', { stars: r.rating }), 'muted'));
    else if (r.status === 'resolved') li.append(this.ratingForm(r.id));
    return li;
  }

  ratingForm(id) {
    const form = document.createElement('form');
    form.setAttribute('aria-label', t('mine.rate'));
    const selectId = `rating-${id}`;
    const label = Object.assign(document.createElement('label'), { htmlFor: selectId, textContent: `${t('mine.rate')} (${t('mine.stars')})` });
    const select = document.createElement('select');
    select.id = selectId;
    select.append(...[5, 4, 3, 2, 1].map((n) => new Option('★'.repeat(n), String(n))));
    const button = Object.assign(document.createElement('button'), { type: 'submit', textContent: t('mine.sendRating') });
    form.append(label, select, button);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        this.reports.set(id, await postJson(`/api/reports/${encodeURIComponent(id)}/rating`, { stars: Number(select.value) }, { asCitizen: true }));
        this.drawMyReports();
      } catch (error) {
        form.append(...problemLines(error));
      }
    });
    return form;
  }

  languageChanged() {
    this.drawCategories();
    this.drawMyReports();
  }
}

function item(text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

function line(text, className) {
  const p = document.createElement('div');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

function problemLines(error) {
  const entries = Object.entries(error.errors ?? {});
  if (entries.length === 0) return [' ' + error.message];
  const list = document.createElement('ul');
  list.append(...entries.map(([field, messages]) => item(`${field}: ${messages.join(' ')}`)));
  return [list];
}
