// The page's address keeps what a person would bookmark or share: which page is open and the map's
// view, as "#page=official&map=17/30.25/120.16". Each part is read and written on its own.

function parts() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

export function readAddress(name) {
  return parts().get(name);
}

export function writeAddress(name, value) {
  const all = parts();
  if (value === null || value === undefined) all.delete(name);
  else all.set(name, value);
  // URLSearchParams would escape the slashes of the map view; they are safe in a fragment.
  history.replaceState(null, '', '#' + all.toString().replace(/%2F/g, '/'));
}
