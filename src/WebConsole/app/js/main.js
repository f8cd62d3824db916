// Starts the console: reads the city and the settings, draws the map, follows the live feed.
import { getJson } from './api.js';
import { applyTexts, currentLanguage, onLanguageChange, setLanguage, t } from './i18n.js';
import { CityMapView } from './map.js';
import { CitizenPanel } from './citizen.js';
import { followFeed, coalesce } from './live.js';

async function start() {
  applyTexts(document);
  const languageSelect = document.getElementById('language');
  languageSelect.value = currentLanguage();
  languageSelect.addEventListener('change', () => setLanguage(languageSelect.value));

  const [settings, city, categories] = await Promise.all([
    getJson('/api/console/settings'), getJson('/api/console/city'), getJson('/api/reports/categories'),
  ]);
  const view = new CityMapView(document.getElementById('map'), settings, city);
  const citizen = new CitizenPanel(categories);
  onLanguageChange(() => { view.languageChanged(); citizen.languageChanged(); });

  const measureSelect = document.getElementById('measure');
  const savedMeasure = localStorage.getItem('smartcity.measure');
  if (savedMeasure) measureSelect.value = savedMeasure;
  view.setMeasure(measureSelect.value);
  measureSelect.addEventListener('change', () => {
    localStorage.setItem('smartcity.measure', measureSelect.value);
    view.setMeasure(measureSelect.value);
  });

  const choose = (latlng) => {
    view.choosePlace(latlng);
    citizen.choosePlace(latlng.lat, latlng.lng);
  };
  view.map.on('click', (e) => choose(e.latlng));
  document.getElementById('locate').addEventListener('click', () => {
    const message = document.getElementById('locate-message');
    message.textContent = '';
    navigator.geolocation.getCurrentPosition((position) => {
      const latlng = window.L.latLng(position.coords.latitude, position.coords.longitude);
      view.map.setView(latlng, Math.max(view.map.getZoom(), 17));
      choose(latlng);
    }, (error) => { message.textContent = t('citizen.locateFailed', { error: error.message }); }, { timeout: 10000 });
  });

  // Each kind of refresh runs at most every few hundred milliseconds, however busy the feed is.
  const refreshCells = coalesce(async () => view.setCellFigures(await getJson('/api/console/cells')), 300);
  const refreshReports = coalesce(async () => view.setOpenReports(await getJson('/api/reports?status=open&limit=1000')), 300);
  const refreshFacilities = coalesce(async () => view.setFacilityStatuses(await getJson('/api/console/facilities')), 1000);
  const refreshBays = coalesce(() => view.refreshBays(), 1000);
  const refreshAll = () => { refreshCells(); refreshReports(); refreshFacilities(); refreshBays(); citizen.refreshMyReports(); };

  const live = document.getElementById('live');
  const showState = (state) => {
    live.dataset.state = state;
    live.dataset.i18n = 'live.' + state;
    live.textContent = t('live.' + state);
  };
  followFeed({
    reading(e) {
      if (e.entityId.startsWith('bay:')) {
        // An applied occupancy reading says the bay's new status at once; an outdated one changes nothing.
        if (e.data.outcome === 'applied' && e.data.type === 'occupancy') view.bayStatusHeard(e.entityId, e.data.value ? 'occupied' : 'free');
        refreshCells();
      } else if (e.entityId.startsWith('carpark:')) {
        refreshCells();
      } else if (e.entityId.startsWith('facility:')) {
        refreshFacilities();
        refreshCells();
      }
    },
    report(e) {
      refreshReports();
      citizen.reportChanged(e.entityId);
    },
    lost: refreshAll,
  }, (state) => { showState(state); if (state === 'open') refreshAll(); });

  // Time alone changes some states (a sensor falls silent, a toilet closes by its hours).
  setInterval(refreshAll, 30000);
  refreshAll();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  const live = document.getElementById('live');
  live.dataset.state = 'error';
  live.textContent = error.message;
  console.error(error);
});
