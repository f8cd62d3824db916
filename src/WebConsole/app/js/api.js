// Calls to the twin's HTTP API; always the same origin, so nothing leaves the twin's host.

/** A problem details answer (RFC 9457) as an Error, with its field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.errors = problem?.errors || {};
  }
}

async function answer(response) {
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function getJson(path, signal) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' }, signal }));
}

export async function postJson(path, body) {
  return answer(await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }));
}

/** A query string with numbers written the same in every locale. */
export function query(values) {
  return new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString();
}
