// The live measures a grid cell can be shaded by: each gives a colour and a legend.
import { shareColour, countColour, countLegend } from './colours.js';

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
  },
};
