// REST calls with the session's API token (kept in sessionStorage: gone when the tab closes).
const TOKEN_KEY = 'orbitdock.token';

export class AuthRequired extends Error {}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** GET, POST or DELETE JSON; throws AuthRequired on 401 and an Error carrying the server's message otherwise. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401) throw new AuthRequired(json?.error ?? 'A token is needed');
  if (!response.ok) throw new Error(json?.error ?? `${method} ${path} failed with ${response.status}`);
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body ?? {});
export const del = (path) => call('DELETE', path);

export const enc = encodeURIComponent;
