// Colour scales of the map: a share from red (0) through yellow to green (1), counts in steps.
export const noData = '#b8bec6';

const red = [215, 48, 39], yellow = [254, 224, 139], green = [26, 152, 80];

function mix(a, b, f) {
  return '#' + a.map((c, i) => Math.round(c + (b[i] - c) * f).toString(16).padStart(2, '0')).join('');
}

/** 0 red, 0.5 yellow, 1 green. */
export function shareColour(share) {
  if (share == null || Number.isNaN(share)) return noData;
  const s = Math.min(1, Math.max(0, share));
  return s < 0.5 ? mix(red, yellow, s * 2) : mix(yellow, green, (s - 0.5) * 2);
}

const countSteps = [[0, '#f1f3f5'], [1, '#fdd49e'], [2, '#fc8d59'], [4, '#d7301f']];

export function countColour(count) {
  let colour = countSteps[0][1];
  for (const [least, c] of countSteps) if (count >= least) colour = c;
  return colour;
}

export const countLegend = [['0', countSteps[0][1]], ['1', countSteps[1][1]], ['2–3', countSteps[2][1]], ['4+', countSteps[3][1]]];

export const bayColours = { free: '#1a9850', occupied: '#d73027', unknown: '#8a8f98' };

export const facilityColours = {
  publicToilet: '#2b6cb0', serviceHall: '#805ad5', clinic: '#c53030', school: '#d69e2e', policePost: '#2c5282',
};

export const facilityStatusStroke = { open: '#1a9850', closed: '#4a5568', outOfOrder: '#d73027', unknown: '#a0aec0' };

/** A response time in seconds: green at once, yellow at one hour, red from two hours (the common deadline to acknowledge). */
export function durationColour(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return noData;
  return shareColour(1 - seconds / 7200);
}

export const durationLegend = [['0 h', durationColour(0)], ['1 h', durationColour(3600)], ['2 h+', durationColour(7200)]];
