// History: the environment's syncs, newest first (trigger, revision, outcome, duration, ChangeSet counts), with a
// rollback (pin) to any revision that was applied successfully.

import {h, replace} from './dom.js';
import {api} from './api.js';
import {environmentHeader, pinButton, badge} from './summary.js';
import {age, duration, localTime, shortSha, number, sameView} from './format.js';

const PAGE = 50;

function changeSet(summary) {
  const entries = Object.entries(summary ?? {}).filter(([, n]) => n);
  return entries.length ? h('ul', {class: 'changeset'}, entries.map(([k, n]) => h('li', {dataset: {action: k}}, `${number(n)} ${k}`)))
    : h('span', {class: 'muted'}, 'nothing');
}

function row(env, r, pinned) {
  const ms = r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null;
  const canPin = r.result === 'succeeded' && !r.dryRun && r.revision && r.revision !== pinned;
  return h('tr', {class: 'sync', dataset: {id: r.id, trigger: r.trigger, result: r.result}},
    h('th', {scope: 'row'}, `#${r.id}`),
    h('td', {}, h('time', {'data-age': true, datetime: r.startedAt, title: localTime(r.startedAt)}, age(r.startedAt))),
    h('td', {}, r.trigger, r.dryRun ? h('span', {class: 'badge'}, 'dry run') : null),
    h('td', {}, h('code', {title: r.revision}, shortSha(r.revision)), ' ', r.revisionSubject ?? ''),
    h('td', {}, badge('result', r.result), r.health ? [' ', badge('health', r.health)] : null,
      r.message ? h('p', {class: 'small'}, r.message) : null),
    h('td', {}, duration(ms)),
    h('td', {}, changeSet(r.summary)),
    h('td', {}, canPin ? pinButton(env, r.revision, `pin-${r.id}`, `Roll back to ${shortSha(r.revision)}`) : null));
}

export function historyView(env) {
  const header = h('div', {id: 'env-header'});
  const body = h('div', {id: 'history-body'});
  let page = 0;
  let last = null;
  let lastHeader = null;
  let records = [];
  let summary = null;

  function render() {
    const pages = Math.max(1, Math.ceil(records.length / PAGE));
    page = Math.min(page, pages - 1);
    const slice = records.slice(page * PAGE, (page + 1) * PAGE);
    const pinned = summary?.gate?.pinned;
    replace(body, records.length ? h('table', {id: 'history-table', class: 'history'},
      h('caption', {}, `${number(records.length)} syncs, newest first`),
      h('thead', {}, h('tr', {}, ['Sync', 'Started', 'Trigger', 'Revision', 'Outcome', 'Duration', 'ChangeSet', 'Rollback']
        .map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, slice.map(r => row(env, r, pinned)))) : h('p', {}, 'No syncs yet.'),
      pages > 1 ? h('div', {class: 'pager', role: 'group', 'aria-label': 'Pages'},
        h('button', {type: 'button', 'data-focus': 'prev', disabled: page === 0, onclick: () => { page--; render(); }}, 'Newer'),
        h('span', {}, `Page ${page + 1} of ${pages}`),
        h('button', {type: 'button', 'data-focus': 'next', disabled: page >= pages - 1, onclick: () => { page++; render(); }}, 'Older'))
        : null);
  }

  return {
    title: `${env} history`,
    mount: () => [header, h('section', {'aria-labelledby': 'history-h'}, h('h2', {id: 'history-h'}, 'History'), body)],
    async update() {
      const [s, list] = await Promise.all([api.environment(env), api.history(env)]);
      summary = s;
      const key = sameView(s);
      if (key !== lastHeader) replace(header, environmentHeader(s, 'history'));
      lastHeader = key;
      const json = JSON.stringify(list);
      if (json === last) return;
      last = json;
      records = list;
      render();
    },
    failed(e) {
      if (!header.childElementCount) replace(header, h('h1', {}, env), h('p', {class: 'problem', role: 'alert'}, e.message));
    },
  };
}
