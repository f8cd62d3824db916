// Starts the console: reads the city and the settings, draws the map, follows the live feed.
import { getJson } from './api.js';
import { applyTexts, currentLanguage, onLanguageChange, setLanguage, t } from './i18n.js';
import { CityMapView } from './map.js';
import { CitizenPanel } from './citizen.js';
import { followFeed, coalesce } from './live.js';
import { readAddress, writeAddress } from './address.js';
import { OfficialPage } from './official.js';
import { SupervisionPage } from './supervision.js';
import { PlannerPage } from './planner.js';
import { setUpSignIn, draw as drawSignIn } from './signin.js';

const pageNames = ['citizen', 'official', 'supervision', 'planner'];

/**
 * Shows one page and hides the others; the page's name is kept in the address. A page object may
 * have shown() (called each time it is shown, to read what it needs), languageChanged() and
 * event(e) (every event of the live feed).
 */
function showPage(name, pages, view) {
  const page = pageNames.includes(name) ? name : 'citizen';
  for (const section of document.querySelectorAll('section.page')) section.hidden = section.dataset.page !== page;
  for (const link of document.querySelectorAll('#pages a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.body.dataset.page = page;
  writeAddress('page', page);
  // Leaflet measures its box when drawn; the box changes when the planner's page hides the map.
  view.map.invalidateSize();
  pages[page].shown?.();
}

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
  const pages = { citizen, official: new OfficialPage(view, categories), supervision: new SupervisionPage(view), planner: new PlannerPage(city) };
  // Signing in or out changes what a page may show (an official's worklist, a planner's runs).
  setUpSignIn(() => pages[document.body.dataset.page].shown?.());
  onLanguageChange(() => {
    drawSignIn();
    view.languageChanged();
    for (const page of Object.values(pages)) page.languageChanged?.();
  });
  for (const link of document.querySelectorAll('#pages a')) {
    link.addEventListener('click', (e) => { e.preventDefault(); showPage(link.dataset.page, pages, view); });
  }
  showPage(readAddress('page'), pages, view);

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
  // A reading reaches the feed before its cell's summary holds it (the entity tells its cell a moment
  // later, through the relay): a refresh right away may read the cell as it was, so the cells are
  // read once more when the news has been quiet for a while.
  let cellsSettled = null;
  const cellsChanged = () => {
    refreshCells();
    clearTimeout(cellsSettled);
    cellsSettled = setTimeout(refreshCells, 1500);
  };

  const live = document.getElementById('live');
  const showState = (state) => {
    live.dataset.state = state;
    live.dataset.i18n = 'live.' + state;
    live.textContent = t('live.' + state);
  };
  const toPages = (e) => { for (const page of Object.values(pages)) page.event?.(e); };
  followFeed({
    reading(e) {
      toPages(e);
      if (e.entityId.startsWith('bay:')) {
        // An applied occupancy reading says the bay's new status at once; an outdated one changes nothing.
        if (e.data.outcome === 'applied' && e.data.type === 'occupancy') view.bayStatusHeard(e.entityId, e.data.value ? 'occupied' : 'free');
        cellsChanged();
      } else if (e.entityId.startsWith('carpark:')) {
        cellsChanged();
      } else if (e.entityId.startsWith('facility:')) {
        refreshFacilities();
        cellsChanged();
      }
    },
    report(e) {
      toPages(e);
      refreshReports();
      citizen.reportChanged(e.entityId);
    },
    lost() { refreshAll(); pages[document.body.dataset.page].shown?.(); },
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
