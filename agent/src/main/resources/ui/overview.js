// Environments overview: one card per environment with sync status, health, revision, counts per verdict, waiting
// reasons, and the stale/error banner with file:line problems.

import {h, replace} from './dom.js';
import {api} from './api.js';
import {VERDICTS, age, shortSha, number, sameView} from './format.js';
import {badge, banner, waitingReasons} from './summary.js';

function card(r) {
  const name = r.environment;
  const rev = r.revision;
  return h('section', {class: 'card', dataset: {env: name}, 'aria-labelledby': `env-${name}`},
    h('h2', {id: `env-${name}`}, h('a', {href: `#/env/${encodeURIComponent(name)}`, 'data-focus': `env-${name}`}, name)),
    h('p', {class: 'badges'}, badge('sync', r.status), badge('health', r.health?.health ?? 'Unknown'),
      r.stale ? badge('stale', 'Stale') : null),
    rev ? h('p', {class: 'revision'},
      h('code', {title: rev.sha}, rev.shortSha ?? shortSha(rev.sha)), ' ', h('span', {class: 'subject'}, rev.subject ?? ''),
      h('br'), h('span', {class: 'muted'}, `${rev.author ?? 'unknown author'} · `,
        h('time', {'data-age': true, datetime: rev.time ?? '', title: rev.time ?? ''}, age(rev.time))))
      : h('p', {class: 'muted'}, 'Not checked yet'),
    h('ul', {class: 'counts', 'aria-label': 'Objects per verdict'},
      VERDICTS.map(v => h('li', {class: r.counts?.[v] ? `verdict-${v}` : 'muted', dataset: {verdict: v}},
        h('span', {class: 'n'}, number(r.counts?.[v])), ` ${v}`))),
    waitingReasons(r),
    banner(r),
    h('p', {class: 'links'}, h('a', {href: `#/env/${encodeURIComponent(name)}`}, 'Objects'), ' · ',
      h('a', {href: `#/env/${encodeURIComponent(name)}/history`}, 'History'),
      r.checkedAt ? h('span', {class: 'muted'}, ' · checked ', h('time', {'data-age': true, 'data-checked': name,
        datetime: r.checkedAt}, age(r.checkedAt))) : null));
}

export function overviewView() {
  const container = h('div', {class: 'cards', id: 'environments'});
  let last = null;
  return {
    title: 'Environments',
    mount: () => [h('h1', {}, 'Environments'), container],
    async update() {
      const reports = await api.environments();
      // re-rendered only when what the cards show changed; a new check time alone is set in place
      for (const r of reports) {
        const t = container.querySelector(`time[data-checked="${CSS.escape(r.environment)}"]`);
        if (t && r.checkedAt) t.dateTime = r.checkedAt;
      }
      const key = sameView(reports);
      if (key === last) return;
      last = key;
      replace(container, reports.length ? reports.map(card) : h('p', {}, 'This agent reconciles no environment.'));
    },
    failed(e) {
      if (!container.childElementCount) replace(container, h('p', {class: 'problem', role: 'alert'}, e.message));
    },
  };
}
