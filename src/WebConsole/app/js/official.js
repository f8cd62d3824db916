// The official's page: who you are, your open reports by deadline, and the work on one of them
// (acknowledge, note, resolve, pass on), shown on the map and followed live from the feed.
import { getJson, signedInAs } from './api.js';
import { addTexts, t, categoryName, formatTime } from './i18n.js';
import { readAddress, writeAddress } from './address.js';
import { coalesce } from './live.js';
import { WorkPanel } from './official-work.js';
import { officialTexts } from './official-texts.js';

addTexts(officialTexts);

const officialKey = 'smartcity.official';
const $ = (id) => document.getElementById(id);
const roles = ['gridOfficial', 'communityHead', 'districtHead'];

/**
 * Whose worklist the page shows: the one chosen (kept in the address and this browser), else the
 * signed-in official's own. Worklists are public; acting needs signing in (see actingAs).
 */
export function whoAmI() {
  return readAddress('official') || localStorage.getItem(officialKey) || signedInOfficial();
}

/** The signed-in official's id, or null when nobody or someone else (a citizen, a planner) is signed in. */
function signedInOfficial() {
  const me = signedInAs();
  return me?.roles.includes('official') ? me.subject : null;
}

/**
 * Whom a step is done as: the signed-in official themselves; an admin acts for the official shown.
 * Nobody signed in: no one, and the twin answers that signing in comes first.
 */
function actingAs() {
  const me = signedInAs();
  if (me?.roles.includes('admin')) return whoAmI();
  return signedInOfficial();
}

function rememberWho(id) {
  if (id) localStorage.setItem(officialKey, id); else localStorage.removeItem(officialKey);
  writeAddress('official', id || null);
}

/** The deadline a report is waiting on: acknowledgement while nobody has, then resolution. */
export function waitingOn(report) {
  return report.status === 'submitted' || report.status === 'reopened'
    ? { kind: 'acknowledge', at: report.acknowledgeBy }
    : { kind: 'resolve', at: report.resolveBy };
}

export class OfficialPage {
  constructor(view, categories) {
    this.view = view;
    this.categories = categories;
    this.holders = null;        // { officials, departments } from GET /api/console/officials
    this.reports = [];          // the chosen official's open reports, most urgent first
    this.selectedId = null;
    this.lastSignedIn = undefined; // who was signed in when the page was last shown
    this.work = new WorkPanel({
      actor: () => actingAs(),
      holders: () => this.holders,
      done: (report, messageKey) => this.workDone(report, messageKey),
    });
    this.work.element.hidden = true;
    $('official-selected').append(this.work.element);
    this.refreshSoon = coalesce(() => this.refresh(), 300);
    $('official-who').addEventListener('change', () => this.choose($('official-who').value));
    $('official-search').addEventListener('input', () => this.drawChoices());
  }

  async shown() {
    try {
      if (!this.holders) {
        this.holders = await getJson('/api/console/officials');
        this.drawChoices();
      }
    } catch (error) {
      $('official-about').textContent = t('official.failed', { error: error.message });
      return;
    }
    // Signing in as an official while the page is open opens their own worklist; an address that
    // names a worklist is kept.
    const signedIn = signedInOfficial();
    if (this.lastSignedIn !== undefined && signedIn && signedIn !== this.lastSignedIn && this.official(signedIn)) rememberWho(signedIn);
    this.lastSignedIn = signedIn;
    const id = whoAmI();
    if (id && !this.official(id)) rememberWho(null);
    else if (id) writeAddress('official', id);
    this.drawWho();
    await this.refresh();
  }

  official(id) {
    return this.holders?.officials.find((o) => o.id === id) ?? null;
  }

  /** The people to choose from, grouped by role and narrowed by the search box. */
  drawChoices() {
    if (!this.holders) return;
    const select = $('official-who');
    const words = $('official-search').value.trim().toLowerCase();
    const me = whoAmI();
    const gridName = (id) => this.view.city.gridCells.find((c) => c.id === id)?.name ?? id;
    const matches = (o) => !words || o.id === me
      || [o.id, o.name, ...o.gridCellIds.map(gridName)].some((s) => s.toLowerCase().includes(words));
    const groups = roles.map((role) => {
      const group = document.createElement('optgroup');
      group.label = t('official.role.' + role);
      group.append(...this.holders.officials.filter((o) => o.role === role && matches(o))
        .map((o) => new Option(`${o.name} (${o.id})`, o.id)));
      return group;
    }).filter((g) => g.children.length > 0);
    select.replaceChildren(new Option(t('official.chooseWho'), ''), ...groups);
    select.value = me && this.official(me) ? me : '';
  }

  async choose(id) {
    rememberWho(id || null);
    $('official-message').textContent = '';
    this.select(null);
    this.reports = [];
    this.drawWho();
    await this.refresh();
  }

  drawWho() {
    const me = this.official(whoAmI());
    $('official-work').hidden = !me;
    $('official-about').textContent = me ? this.describe(me) : t('official.pickFirst');
    $('official-who').value = me?.id ?? '';
  }

  describe(me) {
    const grids = me.gridCellIds.map((id) => this.view.city.gridCells.find((c) => c.id === id)?.name ?? id);
    const supervisor = me.supervisorId ? this.official(me.supervisorId)?.name ?? me.supervisorId : null;
    return [t('official.is.' + me.role),
      grids.length ? t('official.grids', { grids: grids.join(', ') }) : null,
      supervisor ? t('official.supervisor', { name: supervisor }) : null].filter(Boolean).join(' · ');
  }

  /** Reads the chosen official's open reports afresh (GET /api/officials/{id}/reports). */
  async refresh() {
    const id = whoAmI();
    if (!id || !this.official(id)) return;
    let reports;
    try {
      reports = await getJson(`/api/officials/${encodeURIComponent(id)}/reports?status=open`);
    } catch (error) {
      $('official-message').textContent = t('official.failedList', { error: error.message });
      return;
    }
    if (id !== whoAmI()) return;
    this.reports = reports.sort((a, b) => Date.parse(waitingOn(a).at) - Date.parse(waitingOn(b).at));
    if (this.selectedId && !this.reports.some((r) => r.id === this.selectedId)) this.select(null);
    this.drawReports();
    if (this.selectedId) await this.work.refresh();
  }

  drawReports() {
    $('official-reports-empty').hidden = this.reports.length > 0;
    $('official-count').textContent = t('official.count', { count: this.reports.length });
    $('official-reports').replaceChildren(...this.reports.map((r) => this.reportItem(r)));
  }

  reportItem(r) {
    const li = document.createElement('li');
    li.className = 'report-item work-item';
    li.dataset.id = r.id;
    li.dataset.status = r.status;
    li.dataset.overdue = String(r.overdue);
    const selected = r.id === this.selectedId;
    const category = this.categories.find((c) => c.code === r.category) ?? { code: r.category, name: r.category };
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'report-open';
    open.setAttribute('aria-expanded', String(selected));
    open.setAttribute('aria-controls', 'work-panel');
    if (selected) li.classList.add('selected');
    open.textContent = `${categoryName(category)} · ${r.id}`;
    open.addEventListener('click', () => this.select(selected ? null : r.id));
    const status = Object.assign(document.createElement('span'), { className: 'status', textContent: t('status.' + r.status) });
    const head = document.createElement('div');
    head.append(open, ' ', status);
    if (r.overdue) head.append(' ', Object.assign(document.createElement('span'), { className: 'overdue-flag', textContent: t('official.overdue') }));
    const deadline = waitingOn(r);
    const cell = this.view.city.gridCells.find((c) => c.id === r.gridCellId);
    li.append(head, line(r.description),
      line(t('official.deadline.' + deadline.kind, { time: formatTime(deadline.at) }), r.overdue ? 'error' : 'muted'),
      line(cell ? t('official.where', { cell: cell.name }) : r.gridCellId, 'muted'));
    if (r.assigneeId !== whoAmI()) li.append(line(t('official.heldBy', { holder: this.holderName(r.assigneeId) }), 'muted'));
    return li;
  }

  holderName(id) {
    return this.official(id)?.name ?? this.holders?.departments.find((d) => d.id === id)?.name ?? id;
  }

  /** Opens one report's work (null closes it) and shows the report on the map. */
  select(id) {
    this.selectedId = id;
    const report = this.reports.find((r) => r.id === id) ?? null;
    this.view.showReport(report);
    if (report) this.work.open(report);
    else this.work.close();
    this.work.element.hidden = !report;
    this.drawReports();
    if (report) this.work.heading.focus();
  }

  /** A step went through: say so, and read the list again (a resolved or passed-on report leaves it). */
  async workDone(report, messageKey) {
    $('official-message').textContent = t(messageKey, { id: report.id, holder: this.holderName(report.assigneeId) });
    await this.refresh();
  }

  /** Every report step on the feed may move this official's list. */
  event(e) {
    if (!e.entityId?.startsWith('report:') || !whoAmI()) return;
    if (document.getElementById('page-official').hidden) return;
    this.refreshSoon();
  }

  languageChanged() {
    this.drawChoices();
    this.drawWho();
    this.drawReports();
    this.work.languageChanged();
  }
}

function line(text, className) {
  const div = document.createElement('div');
  div.textContent = text;
  if (className) div.className = className;
  return div;
}
