// Pieces shared by the overview and the environment pages: status badges, the waiting reasons (approval, soak, pin,
// suspend), the stale/error banner with file:line problems, and the environment header with its actions.

import {h} from './dom.js';
import {api} from './api.js';
import {runAction} from './dialog.js';
import {age, localTime, shortSha} from './format.js';

export function badge(kind, word) {
  return h('span', {class: `badge ${kind} ${kind}-${word}`, dataset: {[kind]: word}}, word);
}

/** Why the environment does not simply follow the branch, in words; null when it does. */
export function reasons(r) {
  const g = r.gate;
  if (!g) return [];
  const out = [];
  if (g.decision === 'suspended') out.push(['suspend', 'Suspended: sync.suspend is true; nothing is applied or pruned']);
  if (g.pinned) out.push(['pin', `Pinned at ${shortSha(g.pinned)} (rollback); the branch is not followed until unpinned`]);
  if (g.promotion && !g.promotion.satisfied) out.push(['soak', g.promotion.message]);
  if (g.pending && g.decision?.startsWith('waiting for approval')) {
    out.push(['approval', `Waiting for approval of ${shortSha(g.pending)}` + (g.policyChanges?.length
      ? `: it loosens ${g.policyChanges.map(c => c.key).join(', ')}` : '')]);
  } else if (g.pending && !g.pinned && !(g.promotion && !g.promotion.satisfied)) {
    out.push(['other', `${shortSha(g.pending)} is not applied: ${g.decision}`]);
  }
  return out;
}

export function waitingReasons(r) {
  const list = reasons(r);
  if (!list.length) return r.gate ? h('p', {class: 'muted gate'}, `Gate: ${r.gate.decision ?? '—'}`) : null;
  return h('ul', {class: 'waiting', 'aria-label': 'Waiting'},
    list.map(([kind, text]) => h('li', {dataset: {waiting: kind}}, h('span', {class: `badge waiting-${kind}`}, kind), ' ', text)));
}

export function banner(r) {
  if (!r.stale && !r.error && !r.problems?.length && !r.backoff) return null;
  return h('div', {class: 'banner', role: 'alert', dataset: {banner: r.stale ? 'stale' : 'error'}},
    h('strong', {}, r.stale ? 'Stale: the last check failed; showing the last good report.' : 'Error'),
    r.error ? h('p', {class: 'error-text'}, withoutProblems(r.error, r.problems)) : null,
    r.problems?.length ? h('ul', {class: 'problems'}, r.problems.map(p => h('li', {}, h('code', {}, p)))) : null,
    r.backoff ? h('p', {}, `${r.backoff.consecutiveFailures} failed ${r.backoff.consecutiveFailures === 1 ? 'cycle' : 'cycles'}`
      + ` in a row; next run at ${localTime(r.backoff.nextRunAt)}`) : null);
}

/** "environment staging render failed: a.yaml:5: …" with a.yaml:5 listed below: the sentence up to the problem. */
function withoutProblems(error, problems) {
  const at = problems?.length ? error.indexOf(problems[0]) : -1;
  return at > 0 ? error.slice(0, at).replace(/[:\s]+$/, '') : error;
}

function changed() {
  window.dispatchEvent(new Event('plumbline:changed'));
}

function outcome(verb, env) {
  return answer => {
    const s = answer?.changeSet?.summary;
    const counts = s ? Object.entries(s).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ') : '';
    return `${env}: ${verb}${answer?.changeSet?.revision ? ' at ' + shortSha(answer.changeSet.revision) : ''}`
      + (counts ? ` (${counts})` : '');
  };
}

/** Each action asks for confirmation and the token, then refreshes the page's data. */
export function actions(r) {
  const env = r.environment;
  const g = r.gate ?? {};
  const act = (id, label, spec) => h('button', {type: 'button', id, 'data-focus': id, onclick: async () => {
    if (await runAction(spec)) changed();
  }}, label);
  const buttons = [];
  if (g.pending && !g.pinned) {
    buttons.push(act('action-approve', `Approve ${shortSha(g.pending)}`, {title: `Approve ${env} at ${shortSha(g.pending)}`,
      description: `Sync ${env} to exactly ${g.pending}. The agent refuses (409) if the branch has moved past it.`,
      confirmLabel: 'Approve', run: b => api.sync(env, {revision: g.pending}, b), describe: outcome('approved', env)}));
  }
  buttons.push(act('action-sync', 'Sync now', {title: `Sync ${env} now`,
    description: `Apply the revision ${env} converges to (${shortSha(g.target ?? r.revision?.sha)}) now.`,
    confirmLabel: 'Sync now', run: b => api.sync(env, {}, b), describe: outcome('synced', env)}));
  if (g.pinned) {
    buttons.push(act('action-unpin', 'Unpin', {title: `Unpin ${env}`,
      description: `Resume following the branch; ${env} stays pinned at ${shortSha(g.pinned)} until then.`,
      confirmLabel: 'Unpin', run: b => api.unpin(env, b), describe: () => `${env}: unpinned, following the branch`}));
  } else if (r.revision?.sha) {
    buttons.push(pinButton(env, r.revision.sha, 'action-pin', `Pin at ${shortSha(r.revision.sha)}`));
  }
  buttons.push(act('action-refresh', 'Refresh', {title: `Refresh ${env}`,
    description: 'Fetch from Git and compare with the cluster now.', confirmLabel: 'Refresh',
    run: b => api.refresh(env, b), describe: rep => `${env}: refreshed, ${rep?.status ?? 'checked'}`}));
  return h('div', {class: 'actions', role: 'group', 'aria-label': 'Actions'}, buttons);
}

/** Pin (roll back) an environment at a revision: sync it and hold it there until unpinned. */
export function pinButton(env, sha, id, label) {
  return h('button', {type: 'button', id, 'data-focus': id, onclick: async () => {
    const done = await runAction({title: `Pin ${env} at ${shortSha(sha)}`,
      description: `Sync ${env} to ${sha} and hold it there (rollback) until it is unpinned.`,
      confirmLabel: 'Pin', run: b => api.sync(env, {revision: sha, pin: true}, b),
      describe: () => `${env}: pinned at ${shortSha(sha)}`});
    if (done) changed();
  }}, label);
}

/** The top of an environment's pages: name, tabs, status, revision, waiting reasons, banner, actions. */
export function environmentHeader(r, tab) {
  const env = r.environment;
  const rev = r.revision;
  const link = (t, href, label) => h('a', {href, 'aria-current': t === tab ? 'page' : null, 'data-focus': `tab-${t}`}, label);
  return [
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Environments'), ' / '),
    h('h1', {}, env),
    h('nav', {class: 'tabs', 'aria-label': `${env} pages`},
      link('objects', `#/env/${encodeURIComponent(env)}`, 'Objects'),
      link('history', `#/env/${encodeURIComponent(env)}/history`, 'History')),
    h('p', {class: 'badges'}, badge('sync', r.status), badge('health', r.health?.health ?? 'Unknown'),
      r.stale ? badge('stale', 'Stale') : null,
      rev ? h('span', {class: 'revision'}, ' ', h('code', {title: rev.sha}, rev.shortSha), ' ', rev.subject ?? '',
        h('span', {class: 'muted'}, ` · ${rev.author ?? ''} · `, h('time', {'data-age': true, datetime: rev.time ?? ''}, age(rev.time))))
        : null),
    waitingReasons(r),
    banner(r),
    actions(r),
  ];
}
