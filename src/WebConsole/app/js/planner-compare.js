// Two finished runs side by side: the cells short of a need per year in both and their difference, and a table
// of the figures a planner weighs (people in the final year, cells short, when and where gaps open).
import { t } from './i18n.js';
import { lineChart } from './planner-chart.js';

/** The median year the cell's gap in need `n` opens (n = index into the summary's needs), or null. */
function gapYear(cell, n) { return cell.gaps[n].p50Year; }

function seriesOf(summary, years, pick) {
  const byYear = new Map(summary.cityByYear.map((y) => [y.year, y]));
  const band = (key) => years.map((year) => (byYear.has(year) ? pick(byYear.get(year))[key] : null));
  return { p10: band('p10'), p50: band('p50'), p90: band('p90') };
}

function row(cells, header = false) {
  const tr = document.createElement('tr');
  cells.forEach((text, i) => {
    const cell = document.createElement(header || i === 0 ? 'th' : 'td');
    if (header) cell.scope = 'col'; else if (i === 0) cell.scope = 'row';
    cell.textContent = text;
    tr.append(cell);
  });
  return tr;
}

/**
 * The comparison of runs a and b ({ id, name, summary }) for need index n: a figure and a table.
 * `format` writes a count; `width` is the chart's width in pixels.
 */
export function comparisonView(a, b, n, { format, width }) {
  const need = t('need.' + a.summary.needs[n]);
  const years = [...new Set([...a.summary.cityByYear, ...b.summary.cityByYear].map((y) => y.year))].sort((x, y) => x - y);
  const short = (s) => seriesOf(s, years, (y) => y.needs[n].cellsShort);
  const first = short(a.summary), second = short(b.summary);
  const difference = years.map((_, i) => (first.p50[i] != null && second.p50[i] != null ? second.p50[i] - first.p50[i] : null));
  const chart = lineChart({
    id: 'planner-compare-chart',
    title: t('planner.compareChartTitle', { need, a: a.name, b: b.name }),
    description: t('planner.compareChartDesc'),
    years,
    width,
    format,
    bandLabel: t('planner.band'),
    series: [
      { key: 'first', label: a.name, colour: '#1f5f99', ...first },
      { key: 'second', label: b.name, colour: '#d95f02', dashed: true, ...second },
      { key: 'difference', label: t('planner.difference'), colour: '#4a5568', p50: difference },
    ],
  });

  const table = document.createElement('table');
  table.className = 'compare-table';
  const caption = document.createElement('caption');
  caption.textContent = t('planner.compareTitle');
  const head = document.createElement('thead');
  head.append(row([t('planner.measure'), a.name, b.name, t('planner.difference')], true));
  const body = document.createElement('tbody');
  const last = (s) => s.cityByYear[s.cityByYear.length - 1];
  const line = (label, x, y) => body.append(row([label, x == null ? t('planner.none') : format(x), y == null ? t('planner.none') : format(y),
    x == null || y == null ? '' : (y - x > 0 ? '+' : '') + format(y - x)]));
  line(t('planner.finalResidents'), last(a.summary).residents.p50, last(b.summary).residents.p50);
  line(t('planner.finalMigrants'), last(a.summary).migrants.p50, last(b.summary).migrants.p50);
  a.summary.needs.forEach((name, i) => line(t('planner.finalShort', { need: t('need.' + name) }),
    last(a.summary).needs[i].cellsShort.p50, last(b.summary).needs[i].cellsShort.p50));
  const firstGap = (s) => {
    const opened = s.cells.map((c) => gapYear(c, n)).filter((y) => y != null);
    return opened.length ? Math.min(...opened) : null;
  };
  const yearText = (y) => (y == null ? t('planner.none') : String(y));
  body.append(row([t('planner.firstGap', { need }), yearText(firstGap(a.summary)), yearText(firstGap(b.summary)), '']));
  const second_ = new Map(b.summary.cells.map((c) => [c.cellId, c]));
  let earlier = 0, later = 0;
  for (const cell of a.summary.cells) {
    const other = second_.get(cell.cellId);
    if (!other) continue;
    const x = gapYear(cell, n) ?? Infinity, y = gapYear(other, n) ?? Infinity;
    if (y < x) earlier++;
    else if (y > x) later++;
  }
  body.append(row([t('planner.earlier', { need }), '', '', String(earlier)]));
  body.append(row([t('planner.later', { need }), '', '', String(later)]));
  table.append(caption, head, body);
  const wrapper = document.createElement('div');
  wrapper.className = 'table-scroll';
  wrapper.append(table);
  return [chart, wrapper];
}
