// Scenario files as people write them: JSON with // and /* */ comments. The page's simple fields edit the text
// in place where they can, so the comments stay; otherwise the text is written afresh from its values.

/** The text without its comments (strings are left alone). */
export function stripComments(text) {
  let out = '', i = 0, inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      if (c === '\\') { out += text.slice(i, i + 2); i += 2; continue; }
      if (c === '"') inString = false;
      out += c; i++;
    } else if (c === '"') {
      inString = true; out += c; i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c; i++;
    }
  }
  return out;
}

/** { scenario } when the text is a JSON object, else { error } with the parser's message. */
export function parseScenario(text) {
  try {
    const scenario = JSON.parse(stripComments(text));
    if (scenario && typeof scenario === 'object' && !Array.isArray(scenario)) return { scenario };
    return { error: 'not an object' };
  } catch (error) {
    return { error: error.message };
  }
}

export function valueAt(scenario, path) {
  return path.split('.').reduce((o, key) => (o && typeof o === 'object' ? o[key] : undefined), scenario);
}

/**
 * The text with the number at `path` (e.g. "migration.cityShare") set to `value`; null when the text is not JSON.
 * The member is replaced where it stands when its key appears once with that number; else it is added.
 */
export function withNumber(text, path, value) {
  const { scenario } = parseScenario(text);
  if (!scenario) return null;
  const key = path.split('.').pop();
  const pattern = new RegExp(`("${key}"\\s*:\\s*)(-?[0-9][0-9.eE+-]*)`, 'g');
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 1 && Number(matches[0][2]) === valueAt(scenario, path)) {
    const m = matches[0];
    return text.slice(0, m.index) + m[1] + String(value) + text.slice(m.index + m[0].length);
  }
  const parts = path.split('.');
  let holder = scenario;
  for (const part of parts.slice(0, -1)) {
    if (!holder[part] || typeof holder[part] !== 'object') holder[part] = {};
    holder = holder[part];
  }
  holder[key] = value;
  return JSON.stringify(scenario, null, 2);
}

/**
 * The urban share the scenario projects, as years with P10/P50/P90 fractions, or null when it has none: its
 * urbanSharePath, or a constant growth from a base share (which has no band).
 */
export function urbanShareOf(urbanization, startYear, years) {
  if (!urbanization) return null;
  if (Array.isArray(urbanization.urbanSharePath) && urbanization.urbanSharePath.length > 0) {
    return urbanization.urbanSharePath
      .filter((p) => p && p.year >= startYear - 1 && p.year < startYear + years)
      .sort((a, b) => a.year - b.year)
      .map((p) => ({ year: p.year, p10: p.p10 ?? p.share, p50: p.share, p90: p.p90 ?? p.share }));
  }
  if (typeof urbanization.baseShare === 'number' && typeof urbanization.growthPointsPerYear === 'number') {
    return Array.from({ length: years + 1 }, (_, i) => {
      const share = Math.min(1, Math.max(0, urbanization.baseShare + (urbanization.growthPointsPerYear / 100) * i));
      return { year: startYear - 1 + i, p10: share, p50: share, p90: share };
    });
  }
  return null;
}
