// Line charts as inline SVG, drawn here without a library: a P50 line with a point for each year, an optional
// P10–P90 band around it, axes with ticks, and an accessible title and description. The legend is HTML beside
// it, so it wraps on a narrow screen.
const svgNs = 'http://www.w3.org/2000/svg';

function svg(name, attributes = {}, text = null) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== null) element.textContent = text;
  return element;
}

/** Round tick values covering min..max, about `count` of them (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min, max, count = 5) {
  if (!(max > min)) max = min + 1;
  const rough = (max - min) / count, power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough);
  const ticks = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/**
 * A figure with the chart and its legend. `series`: [{ key, label, colour, p50: [], p10?: [], p90?: [], dashed? }],
 * one value per year (null where there is none). `format` writes a point's value, `axisFormat` an axis tick; `bandLabel` names the
 * shaded bands in the legend.
 */
export function lineChart({ id, title, description, years, series, format, axisFormat = format, bandLabel = null, width = 640, height = 260 }) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = id;
  const margin = { left: 58, right: 24, top: 12, bottom: 34 };
  const plotWidth = width - margin.left - margin.right, plotHeight = height - margin.top - margin.bottom;
  const values = series.flatMap((s) => [...s.p50, ...(s.p10 || []), ...(s.p90 || [])]).filter((v) => Number.isFinite(v));
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const low = ticks[0], high = ticks[ticks.length - 1];
  const x = (i) => margin.left + (years.length === 1 ? plotWidth / 2 : (i * plotWidth) / (years.length - 1));
  const y = (v) => margin.top + plotHeight - ((v - low) / (high - low)) * plotHeight;

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart-svg' });
  chart.append(svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, description));
  const axes = svg('g', { class: 'axes', 'aria-hidden': 'true' });
  for (const tick of ticks) {
    axes.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), class: tick === 0 ? 'zero' : 'grid' }));
    axes.append(svg('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, axisFormat(tick)));
  }
  // At most one year label per 48 pixels, always the first and the last.
  const every = Math.max(1, Math.ceil(years.length / Math.max(2, Math.floor(plotWidth / 48))));
  years.forEach((year, i) => {
    if (i % every !== 0 && i !== years.length - 1) return;
    if (i !== years.length - 1 && years.length - 1 - i <= every / 2) return;
    axes.append(svg('line', { x1: x(i), x2: x(i), y1: margin.top + plotHeight, y2: margin.top + plotHeight + 4, class: 'tick' }));
    axes.append(svg('text', { x: x(i), y: height - margin.bottom + 18, 'text-anchor': 'middle' }, String(year)));
  });
  axes.append(svg('line', { x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + plotHeight, class: 'axis' }));
  chart.append(axes);

  for (const s of series) {
    const group = svg('g', { class: 'series', 'data-series': s.key });
    if (s.p10 && s.p90) {
      const upper = years.map((_, i) => [i, s.p90[i]]).filter(([, v]) => Number.isFinite(v));
      const lower = years.map((_, i) => [i, s.p10[i]]).filter(([, v]) => Number.isFinite(v)).reverse();
      if (upper.length > 0) {
        const d = [...upper, ...lower].map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('') + 'Z';
        group.append(svg('path', { d, class: 'band', fill: s.colour }));
      }
    }
    const points = years.map((_, i) => [i, s.p50[i]]).filter(([, v]) => Number.isFinite(v));
    const d = points.map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
    group.append(svg('path', { d, class: 'median' + (s.dashed ? ' dashed' : ''), stroke: s.colour }));
    for (const [i, v] of points) {
      const point = svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3, class: 'point', fill: s.colour, 'data-year': years[i] });
      const band = s.p10 && s.p90 && Number.isFinite(s.p10[i]) ? ` (${format(s.p10[i])}–${format(s.p90[i])})` : '';
      point.append(svg('title', {}, `${s.label}, ${years[i]}: ${format(v)}${band}`));
      group.append(point);
    }
    chart.append(group);
  }

  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('i');
    swatch.style.borderTopColor = s.colour;
    if (s.dashed) swatch.className = 'dashed';
    item.append(swatch, s.label);
    legend.append(item);
  }
  if (bandLabel && series.some((s) => s.p10 && s.p90)) {
    const item = document.createElement('li');
    const swatch = document.createElement('i');
    swatch.className = 'band';
    item.append(swatch, bandLabel);
    legend.append(item);
  }
  figure.append(caption, chart, legend);
  return figure;
}
