// Small formatting helpers: ages, durations, revisions, verdict and health words.

export const VERDICTS = ['InSync', 'Modified', 'Missing', 'Orphaned', 'Conflict', 'Error'];
export const HEALTHS = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];

export function shortSha(sha) {
  return !sha ? '—' : sha.length > 7 ? sha.slice(0, 7) : sha;
}

/** "42 s ago", "5 min ago", "3 h ago", "2 d ago" */
export function age(iso, now = Date.now()) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** "850 ms", "12.3 s", "4 min 5 s" */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60000);
  return `${m} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** "Kind/namespace/name", as the agent names objects everywhere. */
export function objectKey(e) {
  return e.namespace ? `${e.kind}/${e.namespace}/${e.name}` : `${e.kind}/${e.name}`;
}

export function number(n) {
  return (n ?? 0).toLocaleString('en');
}

/** Identity of what a page shows, without the check time: a new check that found the same keeps the DOM as it is. */
export function sameView(report) {
  return JSON.stringify(report, (k, v) => (k === 'checkedAt' ? undefined : v));
}
