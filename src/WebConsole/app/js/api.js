// Calls to the twin's HTTP API; always the same origin, so nothing leaves the twin's host.
//
// Two credentials live in this browser: the citizen's own (an anonymous id and token the twin hands
// out on the first report, kept in localStorage) and, for officials, operators and planners, a token
// they sign in with (issued by the twin's admin command). Reads send the signed-in token when there
// is one; citizen actions always go as the citizen.

const citizenKey = 'smartcity.citizen';
const signedInKey = 'smartcity.token';

/** A problem details answer (RFC 9457) as an Error, with its field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail && problem?.status === 403 ? problem.detail : problem?.title || `HTTP ${status}`);
    this.status = status;
    this.errors = problem?.errors || {};
  }
}

async function answer(response) {
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function headers(token, extra = {}) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

export async function getJson(path, signal) {
  return answer(await fetch(path, { headers: headers(signedInToken(), { Accept: 'application/json' }), signal }));
}

/** POSTs as the signed-in person, or as this browser's citizen when asCitizen is set. */
export async function postJson(path, body, { asCitizen = false } = {}) {
  const token = asCitizen ? (await citizen()).token : signedInToken();
  return answer(await fetch(path, {
    method: 'POST',
    headers: headers(token, { 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
  }));
}

/** This browser's citizen: { citizenId, token }, asked of the twin the first time it is needed. */
export async function citizen() {
  const saved = JSON.parse(localStorage.getItem(citizenKey) || 'null');
  if (saved && !expired(saved.token)) return saved;
  const registration = await answer(await fetch('/api/auth/citizens', { method: 'POST', headers: { Accept: 'application/json' } }));
  const fresh = { citizenId: registration.citizenId, token: registration.token };
  localStorage.setItem(citizenKey, JSON.stringify(fresh));
  return fresh;
}

/** The citizen id of this browser if it has one yet, without asking the twin. */
export function knownCitizenId() {
  return JSON.parse(localStorage.getItem(citizenKey) || 'null')?.citizenId ?? null;
}

export function signedInToken() {
  const token = localStorage.getItem(signedInKey);
  return token && !expired(token) ? token : null;
}

/** Who the signed-in token says its holder is: { subject, roles, expires } (read only: the twin checks the signature). */
export function signedInAs() {
  const token = signedInToken();
  return token ? claimsOf(token) : null;
}

export function signIn(token) {
  const claims = claimsOf(token.trim());
  if (!claims) throw new Error('not a token');
  localStorage.setItem(signedInKey, token.trim());
  return claims;
}

export function signOut() { localStorage.removeItem(signedInKey); }

function claimsOf(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const roles = [].concat(payload.role ?? []);
    return { subject: payload.sub, roles, expires: payload.exp ? new Date(payload.exp * 1000) : null };
  } catch {
    return null;
  }
}

function expired(token) {
  const claims = claimsOf(token);
  return !claims || (claims.expires !== null && claims.expires <= new Date());
}

/** A query string with numbers written the same in every locale. */
export function query(values) {
  return new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString();
}
