// The live measures a grid cell can be shaded by: each gives a colour and a legend. A measure marked
// reportFigures needs each cell's report figures (GET /api/console/cells/reports) besides its live ones.
import { shareColour, countColour, countLegend, durationColour, durationLegend } from './colours.js';
import { addTexts } from './i18n.js';

addTexts({
  en: {
    'measure.overdueReports': 'Overdue reports',
    'measure.responseTime': 'Response time',
    'legend.responseTime': 'median time to acknowledge, reports of the last 30 days',
  },
  zh: {
    'measure.overdueReports': '超期诉求',
    'measure.responseTime': '响应时长',
    'legend.responseTime': '受理用时中位数（近 30 天诉求）',
  },
});

export const measures = {
  freeParking: {
    // Share of free bays among those whose sensors are heard; a cell with none heard has no data.
    value: (cell) => {
      const known = cell.baysFree + cell.baysOccupied;
      return known === 0 ? null : cell.baysFree / known;
    },
    colour: (v) => shareColour(v),
    legend: [['100 %', shareColour(1)], ['50 %', shareColour(0.5)], ['0 %', shareColour(0)]],
  },
  silentSensors: {
    value: (cell) => (cell.bays === 0 ? null : cell.baysUnknown / cell.bays),
    colour: (v) => (v == null ? shareColour(null) : shareColour(1 - v)),
    legend: [['0 %', shareColour(1)], ['50 %', shareColour(0.5)], ['100 %', shareColour(0)]],
  },
  openReports: {
    value: (cell) => cell.openReports ?? 0,
    colour: (v) => countColour(v),
    legend: countLegend,
    counts: true,
  },
  overdueReports: {
    value: (cell) => cell.overdueReports ?? 0,
    colour: (v) => countColour(v),
    legend: countLegend,
    counts: true,
    reportFigures: true,
  },
  responseTime: {
    // Median seconds from filing to acknowledgement; a cell with no acknowledged report has no data.
    value: (cell) => cell.medianSecondsToAcknowledge ?? null,
    colour: (v) => durationColour(v),
    legend: durationLegend,
    note: 'legend.responseTime',
    reportFigures: true,
  },
};
