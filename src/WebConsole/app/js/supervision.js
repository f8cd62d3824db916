// The supervision page: grids and officials ranked by the figures of public supervision
// (docs/supervision.md), and the "urban management dynamic" feed, both following the live feed.
import { getJson, query } from './api.js';
import { addTexts, t, categoryName, formatTime } from './i18n.js';
import { coalesce } from './live.js';
import { formatDuration } from './map.js';
import { supervisionTexts } from './supervision-texts.js';

addTexts(supervisionTexts);

const $ = (id) => document.getElementById(id);
const shown = 10;

/**
 * The leaderboard's columns: the figure (from ReportFigures), how it is written, and the sortBy the
 * API ranks by when the column can be sorted (with whether a higher value ranks first).
 */
const columns = [
  { key: 'reported', value: (f) => f.reported },
  { key: 'open', value: (f) => f.open },
  { key: 'overdue', value: (f) => f.overdue, sortBy: 'overdue', higherFirst: false },
  { key: 'onTime', value: (f) => share(f.shareResolvedWithinDeadline), sortBy: 'shareResolvedWithinDeadline', higherFirst: true },
  { key: 'acknowledge', value: (f) => formatDuration(f.timeToAcknowledge.medianSeconds), sortBy: 'medianTimeToAcknowledge', higherFirst: false },
  { key: 'resolve', value: (f) => formatDuration(f.timeToResolve.medianSeconds), sortBy: 'medianTimeToResolve', higherFirst: false },
  { key: 'rating', value: (f) => (f.averageRating == null ? '–' : f.averageRating.toFixed(1)), sortBy: 'averageRating', higherFirst: true },
  { key: 'reopen', value: (f) => share(f.reopenRate), sortBy: 'reopenRate', higherFirst: false },
];

function share(value) {
  return value == null ? '–' : `${Math.round(value * 100)} %`;
}

export class SupervisionPage {
  constructor(view) {
    this.view = view;
    this.sortBy = 'shareResolvedWithinDeadline';
    this.boards = { grids: null, officials: null };
    this.feed = [];
    this.seen = null;            // report steps already in the feed: anything else is new
    this.categories = null;
    this.refreshSoon = coalesce(() => this.refresh(), 1000);
    $('supervision-window').addEventListener('change', () => this.refresh());
    $('dynamic-category').addEventListener('change', () => { this.seen = null; this.refresh(); });
  }

  async shown() {
    await this.refresh();
  }

  /** Reads both boards and the feed afresh; a failure is said on the page and the next event tries again. */
  async refresh() {
    const message = $('supervision-message');
    try {
      if (!this.categories) {
        this.categories = await getJson('/api/reports/categories');
        this.drawCategories();
      }
      await Promise.all([this.refreshBoard('grids'), this.refreshBoard('officials'), this.refreshFeed()]);
      message.textContent = '';
    } catch (error) {
      message.textContent = t('supervision.failed', { error: error.message });
    }
  }

  async refreshBoard(name) {
    const window = $('supervision-window').value;
    this.boards[name] = await getJson(`/api/reports/leaderboard/${name}?` + query({ window, sortBy: this.sortBy, limit: shown }));
    this.drawBoard(name);
  }

  drawBoard(name) {
    const board = this.boards[name];
    const section = $(`leaderboard-${name}`);
    section.querySelector('.board')?.remove();
    if (!board) return;
    const box = document.createElement('div');
    box.className = 'board';
    const note = Object.assign(document.createElement('p'), { className: 'muted', textContent: t('supervision.top', { shown: board.entries.length, count: board.contenders }) });
    // The table may be wider than a phone: it scrolls inside its own box, reachable by keyboard.
    const scroller = Object.assign(document.createElement('div'), { className: 'board-scroll', tabIndex: 0 });
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', t(`supervision.${name}`));
    const table = document.createElement('table');
    table.dataset.sortBy = board.sortBy;
    table.append(this.head(name), this.body(name, board));
    scroller.append(table);
    box.append(note, scroller);
    section.append(box);
  }

  head(name) {
    const row = document.createElement('tr');
    row.append(th(t('supervision.col.rank')), th(t(name === 'grids' ? 'supervision.col.grid' : 'supervision.col.official')));
    for (const c of columns) {
      const cell = th(c.sortBy ? '' : t('supervision.col.' + c.key));
      cell.dataset.column = c.key;
      if (c.sortBy) {
        const sorted = c.sortBy === this.sortBy;
        cell.setAttribute('aria-sort', sorted ? (c.higherFirst ? 'descending' : 'ascending') : 'none');
        const button = Object.assign(document.createElement('button'), { type: 'button', className: 'sort', textContent: t('supervision.col.' + c.key) + (sorted ? (c.higherFirst ? ' ▼' : ' ▲') : '') });
        button.title = t('supervision.sortBy', { figure: t('supervision.col.' + c.key) });
        button.addEventListener('click', () => { this.sortBy = c.sortBy; this.refresh(); });
        cell.append(button);
      }
      row.append(cell);
    }
    const head = document.createElement('thead');
    head.append(row);
    return head;
  }

  body(name, board) {
    const body = document.createElement('tbody');
    for (const entry of board.entries) {
      const row = document.createElement('tr');
      row.dataset.id = entry.id;
      const who = document.createElement('td');
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: entry.name });
      button.title = t('supervision.showOnMap');
      button.addEventListener('click', () => this.showOnMap(name, entry.id));
      who.append(button);
      row.append(td(String(entry.rank)), who, ...columns.map((c) => {
        const cell = td(String(c.value(entry.figures)));
        cell.dataset.column = c.key;
        return cell;
      }));
      body.append(row);
    }
    return body;
  }

  /** A grid is outlined on the map; an official's first grid is. */
  async showOnMap(name, id) {
    if (name === 'grids') { this.view.showCell(id); return; }
    const grid = this.view.city.gridCells.find((c) => c.officialId === id);
    if (grid) this.view.showCell(grid.id);
  }

  drawCategories() {
    const select = $('dynamic-category');
    const chosen = select.value;
    select.replaceChildren(new Option(t('supervision.allCategories'), ''), ...(this.categories ?? []).map((c) => new Option(categoryName(c), c.code)));
    select.value = chosen;
  }

  /** The newest of the public feed (GET /api/reports/feed); entries not seen before are marked new. */
  async refreshFeed() {
    const category = $('dynamic-category').value;
    const items = await getJson('/api/reports/feed?' + query({ limit: 15, ...(category ? { category } : {}) }));
    const key = (i) => `${i.reportId}/${i.kind}`;
    const fresh = this.seen ? new Set(items.map(key).filter((k) => !this.seen.has(k))) : new Set();
    this.seen = new Set([...(this.seen ?? []), ...items.map(key)]);
    this.feed = items.map((i) => ({ ...i, fresh: fresh.has(key(i)) }));
    this.drawFeed();
  }

  drawFeed() {
    const gridName = (id) => this.view.city.gridCells.find((c) => c.id === id)?.name ?? id;
    const list = $('dynamic-feed');
    if (this.feed.length === 0) { list.replaceChildren(Object.assign(document.createElement('li'), { className: 'muted', textContent: t('supervision.dynamicNone') })); return; }
    list.replaceChildren(...this.feed.map((i) => {
      const li = document.createElement('li');
      li.className = 'dynamic-item' + (i.fresh ? ' new' : '');
      li.dataset.reportId = i.reportId;
      li.dataset.kind = i.kind;
      const category = this.categories?.find((c) => c.code === i.category) ?? { code: i.category, name: i.category };
      const kind = Object.assign(document.createElement('span'), { className: `status kind-${i.kind}`, textContent: t('supervision.kind.' + i.kind) });
      const head = document.createElement('div');
      head.append(kind, ` ${categoryName(category)} · ${gridName(i.gridCellId)}`);
      const when = Object.assign(document.createElement('div'), { className: 'muted', textContent: `${formatTime(i.at)} · ${i.reportId}` });
      li.append(head, Object.assign(document.createElement('div'), { textContent: i.text }), when);
      return li;
    }));
  }

  /** Any report step can move the figures; reported and resolved steps also add to the feed. */
  event(e) {
    if (!e.entityId?.startsWith('report:') || $('page-supervision').hidden) return;
    this.refreshSoon();
  }

  languageChanged() {
    this.drawBoard('grids');
    this.drawBoard('officials');
    this.drawCategories();
    this.drawFeed();
  }
}

function th(text) {
  const cell = document.createElement('th');
  cell.scope = 'col';
  cell.textContent = text;
  return cell;
}

function td(text) {
  return Object.assign(document.createElement('td'), { textContent: text });
}
