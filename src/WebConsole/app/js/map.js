// The Leaflet map: grid cells shaded by a live measure, car parks, facilities, open reports, and bays
// (drawn one by one only when zoomed in far enough that the box holds a few hundred of them).
import { getJson, query } from './api.js';
import { t, addTexts } from './i18n.js';
import { bayColours, facilityColours, facilityStatusStroke, noData } from './colours.js';
import { measures } from './measures.js';
import { readAddress, writeAddress } from './address.js';

addTexts({
  en: {
    'cell.overdue': 'Overdue reports: {count}',
    'cell.responseTime': 'Median time to acknowledge (30 days): {time}',
    'cell.resolveTime': 'Median time to resolve (30 days): {time}',
    'duration.minutes': '{n} min', 'duration.hours': '{n} h', 'duration.days': '{n} d',
  },
  zh: {
    'cell.overdue': '超期诉求：{count}',
    'cell.responseTime': '受理用时中位数（近 30 天）：{time}',
    'cell.resolveTime': '办结用时中位数（近 30 天）：{time}',
    'duration.minutes': '{n} 分钟', 'duration.hours': '{n} 小时', 'duration.days': '{n} 天',
  },
});

const L = window.L;
export const bayZoom = 16;
const facilityZoom = 14;

export class CityMapView {
  constructor(element, settings, city) {
    this.city = city;
    this.cells = new Map();      // id -> { shape, layer, live }
    this.bays = new Map();       // id -> circle marker
    this.facilities = new Map(); // id -> { place, marker, status }
    this.measure = 'freeParking';
    this.baysRequest = null;
    this.bayHeardAt = new Map();  // id -> when the feed last told this bay's status

    this.map = L.map(element, { zoomControl: false, attributionControl: true, zoomSnap: 0.5 });
    this.map.attributionControl.setPrefix(false);
    this.zoom = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(this.map);
    if (settings.tileUrl) {
      L.tileLayer(settings.tileUrl, { attribution: settings.tileAttribution || '', maxZoom: settings.tileMaxZoom }).addTo(this.map);
    }
    this.cellLayer = L.layerGroup().addTo(this.map);
    this.facilityLayer = L.layerGroup();
    this.carParkLayer = L.layerGroup().addTo(this.map);
    this.reportLayer = L.layerGroup().addTo(this.map);
    this.bayLayer = L.layerGroup();
    this.chosen = null;

    // The map needs its view before anything is drawn: layers get their elements only then.
    if (!this.restoreViewFromAddress()) this.map.fitBounds(city.bounds);
    this.drawCells();
    this.drawCarParks();
    this.drawFacilities();
    this.legend = L.control({ position: 'bottomright' });
    this.legend.onAdd = () => L.DomUtil.create('div', 'legend');
    this.legend.addTo(this.map);

    this.map.on('moveend', () => { this.rememberViewInAddress(); this.showLayersForZoom(); this.refreshBays(); });
    this.showLayersForZoom();
    this.refreshBays();
    this.drawLegend();
  }

  drawCells() {
    for (const shape of this.city.gridCells) {
      const layer = L.polygon(shape.boundary, {
        className: 'grid-cell', color: '#4a5568', weight: 1, fillColor: noData, fillOpacity: 0.55,
      }).addTo(this.cellLayer);
      layer.getElement()?.setAttribute('data-id', shape.id);
      layer.bindTooltip(() => this.cellTooltip(shape.id), { sticky: true });
      this.cells.set(shape.id, { shape, layer, live: null, openReports: 0, reportFigures: null });
    }
  }

  drawCarParks() {
    for (const park of this.city.carParks) {
      L.circleMarker(park.location, {
        className: 'carpark', radius: 6, color: '#1f3a5f', weight: 2, fillColor: '#5a9bd5', fillOpacity: 0.9, bubblingMouseEvents: true,
      }).bindTooltip(escapeHtml(`${t('carPark')}: ${park.name} (${park.capacity})`)).addTo(this.carParkLayer);
    }
  }

  drawFacilities() {
    for (const place of this.city.facilities) {
      const marker = L.circleMarker(place.location, {
        className: 'facility', radius: 5, weight: 2, color: facilityStatusStroke.unknown,
        fillColor: facilityColours[place.kind] || '#555', fillOpacity: 0.9,
      }).addTo(this.facilityLayer);
      marker.bindTooltip(() => escapeHtml(`${t('kind.' + place.kind)}: ${place.name} · ${t('facility.' + (this.facilities.get(place.id).status || 'unknown'))} · ${place.openingHours}`));
      this.facilities.set(place.id, { place, marker, status: null });
    }
  }

  /** Live figures of every cell (GET /api/console/cells), then shading by the chosen measure. */
  setCellFigures(figures) {
    for (const f of figures) {
      const cell = this.cells.get(f.id);
      if (cell) cell.live = f;
    }
    this.shadeCells();
  }

  setOpenReports(reports) {
    const counts = new Map();
    for (const r of reports) counts.set(r.gridCellId, (counts.get(r.gridCellId) || 0) + 1);
    for (const [id, cell] of this.cells) cell.openReports = counts.get(id) || 0;
    this.reportLayer.clearLayers();
    for (const r of reports) {
      L.circleMarker([r.location.lat, r.location.lon], {
        className: 'report', radius: 5, color: '#7b2cbf', weight: 2, fillColor: '#e0aaff', fillOpacity: 0.9,
      }).bindTooltip(escapeHtml(`${r.id}: ${r.description}`)).addTo(this.reportLayer)
        .getElement()?.setAttribute('data-id', r.id);
    }
    this.shadeCells();
    // Report figures change with the reports: read again while a measure shows them.
    if (measures[this.measure].reportFigures) this.refreshReportFigures();
  }

  /** Every cell's open and overdue reports and median response times (GET /api/console/cells/reports). */
  async refreshReportFigures() {
    try {
      const figures = await getJson('/api/console/cells/reports');
      for (const f of figures) {
        const cell = this.cells.get(f.id);
        if (cell) cell.reportFigures = f;
      }
      this.shadeCells();
    } catch (error) {
      console.warn('report figures', error);
    }
  }

  /** Marks a report's place on the map and brings it into view; null removes the mark. */
  showReport(report) {
    if (!report) {
      if (this.selectedReport) this.map.removeLayer(this.selectedReport);
      this.selectedReport = null;
      return;
    }
    const at = [report.location.lat, report.location.lon];
    if (!this.selectedReport) {
      this.selectedReport = L.circleMarker(at, {
        className: 'selected-report', radius: 11, color: '#7b2cbf', weight: 4, fill: false, interactive: false,
      }).addTo(this.map);
    } else {
      this.selectedReport.setLatLng(at);
    }
    this.selectedReport.getElement()?.setAttribute('data-id', report.id);
    // No animation: a jump from the whole city to a street would play for a second for nothing.
    this.map.setView(at, Math.max(this.map.getZoom(), 17), { animate: false });
  }

  /** Brings a grid cell into view and outlines it. */
  showCell(id) {
    const cell = this.cells.get(id);
    if (!cell) return;
    for (const other of this.cells.values()) if (other.focused) { other.focused = false; other.layer.setStyle({ weight: 1, color: '#4a5568' }); }
    cell.focused = true;
    cell.layer.setStyle({ weight: 4, color: '#17324d' });
    this.map.fitBounds(cell.layer.getBounds(), { maxZoom: 17, animate: false });
  }

  setFacilityStatuses(statuses) {
    for (const s of statuses) {
      const f = this.facilities.get(s.id);
      if (!f) continue;
      f.status = s.status;
      f.marker.setStyle({ color: facilityStatusStroke[s.status] || facilityStatusStroke.unknown });
    }
  }

  setMeasure(measure) {
    this.measure = measures[measure] ? measure : 'freeParking';
    if (measures[this.measure].reportFigures) this.refreshReportFigures();
    this.shadeCells();
    this.drawLegend();
  }

  shadeCells() {
    const m = measures[this.measure];
    for (const cell of this.cells.values()) {
      if (!cell.live) continue;
      const value = m.value({ ...cell.live, ...cell.reportFigures, openReports: cell.openReports });
      const colour = m.colour(value);
      if (cell.colour === colour) continue;
      cell.colour = colour;
      cell.layer.setStyle({ fillColor: colour });
    }
  }

  drawLegend() {
    const box = this.legend.getContainer();
    if (!box) return;
    const rows = measures[this.measure].legend.map(([label, colour]) => `<div><i style="background:${colour}"></i>${label}</div>`);
    if (!measures[this.measure].counts) rows.push(`<div><i style="background:${noData}"></i>${t('legend.noData')}</div>`);
    const bays = `<div class="bays">${t('legend.bays')}: ` + ['free', 'occupied', 'unknown']
      .map((s) => `<i style="background:${bayColours[s]};border-radius:50%;width:.7rem;height:.7rem"></i>`).join('') + '</div>';
    const note = measures[this.measure].note ? `<div class="legend-note">${t(measures[this.measure].note)}</div>` : '';
    box.innerHTML = `<strong>${t('measure.' + this.measure)}</strong>${note}${rows.join('')}${bays}`;
  }

  cellTooltip(id) {
    const cell = this.cells.get(id);
    const s = cell.shape, live = cell.live;
    const lines = [t('cell.tooltip', { name: s.name, community: s.community })];
    if (live) {
      lines.push(t('cell.bays', { free: live.baysFree, occupied: live.baysOccupied, unknown: live.baysUnknown }));
      lines.push(t('cell.toilets', { open: live.toiletsOpen, total: live.toilets }));
    }
    lines.push(t('cell.reports', { count: cell.openReports }));
    const r = cell.reportFigures;
    if (r) {
      lines.push(t('cell.overdue', { count: r.overdueReports }));
      if (r.medianSecondsToAcknowledge != null) lines.push(t('cell.responseTime', { time: formatDuration(r.medianSecondsToAcknowledge) }));
      if (r.medianSecondsToResolve != null) lines.push(t('cell.resolveTime', { time: formatDuration(r.medianSecondsToResolve) }));
    }
    return lines.map(escapeHtml).join('<br>');
  }

  showLayersForZoom() {
    const zoom = this.map.getZoom();
    toggle(this.map, this.facilityLayer, zoom >= facilityZoom);
    toggle(this.map, this.bayLayer, zoom >= bayZoom);
  }

  /** Bays in view with their status now; only when zoomed in to street level. */
  async refreshBays() {
    if (this.map.getZoom() < bayZoom) {
      this.bayLayer.clearLayers();
      this.bays.clear();
      return;
    }
    this.baysRequest?.abort();
    const request = this.baysRequest = new AbortController();
    const started = performance.now();
    const b = this.map.getBounds().pad(0.1);
    try {
      const bays = await getJson('/api/console/bays?' + query({
        south: b.getSouth().toFixed(6), west: b.getWest().toFixed(6), north: b.getNorth().toFixed(6), east: b.getEast().toFixed(6),
      }), request.signal);
      if (request !== this.baysRequest) return;
      const seen = new Set();
      for (const bay of bays) {
        seen.add(bay.id);
        // The feed may have told a newer status while this answer was on its way.
        const heard = (this.bayHeardAt.get(bay.id) ?? -1) > started;
        this.setBayStatus(bay.id, heard ? this.bays.get(bay.id)?.status ?? bay.status : bay.status, bay.location);
      }
      for (const [id, marker] of this.bays) {
        if (!seen.has(id)) { this.bayLayer.removeLayer(marker); this.bays.delete(id); }
      }
    } catch (error) {
      if (error.name !== 'AbortError') console.warn('bays', error);
    }
  }

  /** A bay's status as the live feed tells it. */
  bayStatusHeard(id, status) {
    this.bayHeardAt.set(id, performance.now());
    this.setBayStatus(id, status);
  }

  /** Colours one bay; draws it first if a location is given and it is not on the map yet. */
  setBayStatus(id, status, location) {
    let marker = this.bays.get(id);
    if (!marker) {
      if (!location) return;
      marker = L.circleMarker(location, { className: 'bay', radius: 5, weight: 1, color: '#222', fillOpacity: 0.95 })
        .addTo(this.bayLayer);
      marker.bindTooltip(() => escapeHtml(`${id}: ${t('bay.' + marker.status)}`));
      this.bays.set(id, marker);
    }
    marker.status = status;
    marker.setStyle({ fillColor: bayColours[status] || bayColours.unknown });
    const el = marker.getElement();
    if (el) { el.setAttribute('data-id', id); el.setAttribute('data-status', status); }
  }

  choosePlace(latlng) {
    if (!this.chosen) {
      this.chosen = L.circleMarker(latlng, { className: 'chosen-place', radius: 9, color: '#000', weight: 3, fillColor: '#f0a500', fillOpacity: 1 })
        .addTo(this.map);
    } else {
      this.chosen.setLatLng(latlng);
    }
  }

  languageChanged() {
    const zoomIn = this.zoom.getContainer().querySelector('.leaflet-control-zoom-in');
    const zoomOut = this.zoom.getContainer().querySelector('.leaflet-control-zoom-out');
    for (const [el, key] of [[zoomIn, 'zoomIn'], [zoomOut, 'zoomOut']]) {
      el.title = t(key);
      el.setAttribute('aria-label', t(key));
    }
    this.drawLegend();
  }

  /** The view lives in the address (#map=zoom/lat/lon), so a view can be shared or bookmarked. */
  restoreViewFromAddress() {
    const match = /^([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(readAddress('map') ?? '');
    if (!match) return false;
    this.map.setView([Number(match[2]), Number(match[3])], Number(match[1]));
    return true;
  }

  rememberViewInAddress() {
    const c = this.map.getCenter();
    writeAddress('map', `${this.map.getZoom()}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}`);
  }
}

function toggle(map, layer, show) {
  if (show && !map.hasLayer(layer)) layer.addTo(map);
  if (!show && map.hasLayer(layer)) map.removeLayer(layer);
}

/** A duration in seconds as a person reads it: "45 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds) {
  if (seconds == null) return '–';
  if (seconds < 3600) return t('duration.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172800) return t('duration.hours', { n: (seconds / 3600).toFixed(1) });
  return t('duration.days', { n: (seconds / 86400).toFixed(1) });
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
