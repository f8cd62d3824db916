// The Leaflet map of the year each grid cell's gap opens: cells coloured from dark red (the first year) to pale
// yellow (the last), a distinct blue for "no gap within the horizon", and a legend.
import { t } from './i18n.js';

const L = window.L;
export const noGapColour = '#9ecae1';
const early = [165, 0, 38], late = [254, 224, 144];

function mix(f) {
  return '#' + early.map((c, i) => Math.round(c + (late[i] - c) * f).toString(16).padStart(2, '0')).join('');
}

/** The colour of a gap opening in `year` on a horizon from `first` to `last`. */
export function yearColour(year, first, last) {
  return year == null ? noGapColour : mix(last > first ? (year - first) / (last - first) : 0);
}

/** Up to five legend steps covering the horizon: [label, colour of its first year]. */
function legendSteps(first, last) {
  const span = last - first + 1, size = Math.ceil(span / 5), steps = [];
  for (let from = first; from <= last; from += size) {
    const to = Math.min(last, from + size - 1);
    steps.push([from === to ? String(from) : `${from}–${to}`, yearColour(from, first, last)]);
  }
  return steps;
}

export class GapYearMap {
  constructor(element, city) {
    this.element = element;
    this.city = city;
    this.map = null;
    this.cells = new Map();
  }

  /** Colours every cell by `yearOf(cell)` (a year or null), the horizon being first..last. */
  draw(summary, yearOf) {
    if (!this.map) this.create();
    const first = summary.startYear, last = summary.startYear + summary.years - 1;
    const byId = new Map(summary.cells.map((c) => [c.cellId, c]));
    for (const [id, { layer, shape }] of this.cells) {
      const cell = byId.get(id);
      const year = cell ? yearOf(cell) : null;
      layer.setStyle({ fillColor: yearColour(year, first, last) });
      layer.getElement()?.setAttribute('data-year', year == null ? 'none' : String(year));
      layer.setTooltipContent(year == null
        ? t('planner.gapCell', { cell: shape.name, year: last })
        : t('planner.gapOpens', { cell: shape.name, year }));
    }
    for (const key of ['zoomIn', 'zoomOut']) {
      const button = this.zoom.getContainer().querySelector(`.leaflet-control-${key === 'zoomIn' ? 'zoom-in' : 'zoom-out'}`);
      button.title = t(key);
      button.setAttribute('aria-label', t(key));
    }
    this.legendElement.replaceChildren();
    for (const [label, colour] of [...legendSteps(first, last), [t('planner.noGap', { year: last }), noGapColour]]) {
      const row = document.createElement('div');
      const swatch = document.createElement('i');
      swatch.style.background = colour;
      row.append(swatch, label);
      this.legendElement.append(row);
    }
    this.map.invalidateSize();
  }

  create() {
    this.map = L.map(this.element, { zoomControl: false, attributionControl: false, zoomSnap: 0.25 });
    this.zoom = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(this.map);
    this.map.fitBounds(this.city.bounds);
    for (const shape of this.city.gridCells) {
      const layer = L.polygon(shape.boundary, { className: 'gap-cell', color: '#4a5568', weight: 0.6, fillColor: noGapColour, fillOpacity: 0.85 })
        .addTo(this.map);
      layer.getElement()?.setAttribute('data-id', shape.id);
      layer.bindTooltip('', { sticky: true });
      this.cells.set(shape.id, { layer, shape });
    }
    const legend = L.control({ position: 'bottomright' });
    legend.onAdd = () => { this.legendElement = L.DomUtil.create('div', 'legend'); return this.legendElement; };
    legend.addTo(this.map);
  }

  /** After the page or the map's box changed size. */
  resize() {
    if (!this.map) return;
    this.map.invalidateSize();
    this.map.fitBounds(this.city.bounds);
  }
}
