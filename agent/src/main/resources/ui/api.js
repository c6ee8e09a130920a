// The agent's JSON API (docs/api.md), relative to /ui/ so the UI works behind a path prefix too. The API token lives
// in this tab's sessionStorage only: never in localStorage, a cookie or the URL, and gone when the tab closes.

const TOKEN_KEY = 'plumbline.api-token';
const BASE = new URL('../api/v1/', document.baseURI);

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed call: the RFC 9457 problem's words when the agent sent one. */
export class ApiError extends Error {
  constructor(status, title, detail, problems = []) {
    super(status ? `${status} ${title}: ${detail}` : `${title}: ${detail}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problems = problems;
  }
}

async function call(method, path, {body, bearer, raw} = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  const auth = bearer ?? token.get();
  if (auth) headers.Authorization = `Bearer ${auth}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(new URL(path, BASE), {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    throw new ApiError(0, 'agent unreachable', e.message || String(e));
  }
  const text = await response.text();
  if (raw && response.ok) return text;
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!response.ok) {
    const detail = json?.detail ?? (text.slice(0, 300) || response.statusText);
    throw new ApiError(response.status, json?.title ?? response.statusText, detail, json?.problems ?? []);
  }
  return json;
}

const env = name => `environments/${encodeURIComponent(name)}`;

export const api = {
  environments: bearer => call('GET', 'environments', {bearer}),
  environment: name => call('GET', env(name)),
  /** The drift report as text: the caller parses it only when its entries changed (5,000 of them are a lot). */
  driftText: name => call('GET', `${env(name)}/drift`, {raw: true}),
  history: name => call('GET', `${env(name)}/history`),
  /** {} re-applies the gate's target; {revision} approves it; {revision, pin: true} rolls back to it. */
  sync: (name, body, bearer) => call('POST', `${env(name)}/sync`, {body, bearer}),
  unpin: (name, bearer) => call('DELETE', `${env(name)}/pin`, {bearer}),
  refresh: (name, bearer) => call('POST', `${env(name)}/refresh`, {bearer}),
  rollouts: name => call('GET', `${env(name)}/rollouts`),
  /** Promote skips a rollout's remaining steps; abort rolls it back (docs/delivery.md). */
  promote: (name, rollout, bearer) => call('POST', `${env(name)}/rollouts/${encodeURIComponent(rollout)}/promote`, {bearer}),
  abort: (name, rollout, bearer) => call('POST', `${env(name)}/rollouts/${encodeURIComponent(rollout)}/abort`, {bearer}),
};
