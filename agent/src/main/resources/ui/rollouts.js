// The rollouts of one environment (docs/delivery.md): per rollout its strategy, phase, step and weight, the stable and
// canary revisions, the newest analysis (each check's value against its threshold, failed ones marked in words), the
// message, and Promote / Abort through the same confirmation dialog as every other action. Hidden while the
// environment has none. It polls its own endpoint: a rollout's step and analysis change without the drift report.

import {h, replace} from './dom.js';
import {api} from './api.js';
import {runAction} from './dialog.js';
import {age, localTime, shortSha} from './format.js';

// in charge (both versions run): Failed is a failed check with autoRollback off, held until someone promotes or aborts
const ACTIVE = new Set(['Progressing', 'Paused', 'Failed']);

/** 0.0123 → "0.0123", 3 → "3", 1.5e-7 → "1.50e-7"; null → "—" (no value: the check could not measure). */
export function measure(v) {
  if (v === null || v === undefined) return '—';
  if (v !== 0 && Math.abs(v) < 0.0001) return v.toExponential(2);
  return v.toLocaleString('en', {maximumFractionDigits: 4, useGrouping: false});
}

function verdict(passed) {
  return passed === true ? 'passed' : passed === false ? 'failed' : 'inconclusive';
}

function analysisTable(r) {
  if (!r.analysis?.length) return h('p', {class: 'muted'}, 'No analysis yet.');
  return h('table', {class: 'analysis', 'aria-label': `Analysis of rollout ${r.name}`},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Check'), h('th', {scope: 'col'}, 'Value'),
      h('th', {scope: 'col'}, 'Threshold (at most)'), h('th', {scope: 'col'}, 'Result'), h('th', {scope: 'col'}, 'Measured'))),
    h('tbody', {}, r.analysis.map(c => {
      const word = verdict(c.passed);
      return h('tr', {class: `check check-row-${word}`, dataset: {check: c.check, passed: word}},
        h('th', {scope: 'row'}, h('code', {}, c.check)),
        h('td', {class: 'num'}, measure(c.value)),
        h('td', {class: 'num'}, measure(c.threshold)),
        h('td', {}, h('span', {class: `badge check-${word}`}, word),
          c.message ? h('span', {class: 'small check-message'}, ` ${c.message}`) : null),
        h('td', {}, c.at ? h('time', {'data-age': true, datetime: c.at, title: localTime(c.at)}, age(c.at)) : '—'));
    })));
}

function decided(env, verb) {
  return answer => {
    const r = answer?.rollout;
    return `${env}: rollout ${r?.name ?? ''} ${verb}` + (r ? `, now ${r.phase}` : '');
  };
}

function buttons(env, r) {
  if (!ACTIVE.has(r.phase)) return null;
  const act = (verb, label, spec, extra = {}) => h('button', {type: 'button', id: `rollout-${verb}-${r.name}`,
    'data-focus': `rollout-${verb}-${r.name}`, ...extra, onclick: async () => {
      if (await runAction(spec)) window.dispatchEvent(new Event('plumbline:changed'));
    }}, label);
  return h('div', {class: 'actions', role: 'group', 'aria-label': `Actions of rollout ${r.name}`},
    act('promote', `Promote ${r.name}`, {title: `Promote rollout ${r.name} in ${env}`,
      description: `Skip the remaining steps: sync ${shortSha(r.canaryRevision)} to every pod of ${r.name} now and remove the canary.`,
      confirmLabel: 'Promote', run: b => api.promote(env, r.name, b), describe: decided(env, 'promoted')},
      // promoting a failed check is allowed, never suggested
      {class: r.phase === 'Failed' ? null : 'primary'}),
    act('abort', `Abort ${r.name}`, {title: `Abort rollout ${r.name} in ${env}`,
      description: `Remove the canary and sync the stable revision ${shortSha(r.stableRevision)} again; `
        + `${shortSha(r.canaryRevision)} is marked failed and not retried until a new commit.`,
      confirmLabel: 'Abort', run: b => api.abort(env, r.name, b), describe: decided(env, 'aborted')}));
}

function rollout(env, r) {
  const id = `rollout-${r.name}-h`;
  const fact = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  const ended = ACTIVE.has(r.phase) ? null : h('span', {class: 'muted'}, ' (where it ended)');
  return h('article', {class: 'rollout card', dataset: {rollout: r.name, phase: r.phase}, 'aria-labelledby': id},
    h('h3', {id}, r.name, ' ', h('span', {class: 'muted small'}, r.namespace ? `Deployment/${r.namespace}/${r.name}` : '')),
    h('p', {class: 'badges'}, h('span', {class: 'badge', dataset: {strategy: r.strategy}}, r.strategy),
      h('span', {class: `badge phase-${r.phase}`, dataset: {phase: r.phase}}, r.phase)),
    h('dl', {class: 'facts'},
      fact('Step', h('span', {'data-step': true}, String(r.step)),
        r.stepStartedAt ? [h('span', {class: 'muted'}, ' · began '),
          h('time', {'data-age': true, datetime: r.stepStartedAt, title: localTime(r.stepStartedAt)}, age(r.stepStartedAt))] : null),
      fact('Weight', h('span', {'data-weight': true}, `${r.weight} %`), ' ',
        h('progress', {max: 100, value: r.weight, 'aria-label': `${r.weight} % of pods on the new version`}), ended),
      fact('Stable', h('code', {title: r.stableRevision ?? '', 'data-stable': true}, shortSha(r.stableRevision))),
      fact('Canary', h('code', {title: r.canaryRevision ?? '', 'data-canary': true}, shortSha(r.canaryRevision))),
      r.inconclusive ? fact('Inconclusive', `${r.inconclusive} in a row`) : null),
    r.message ? h('p', {class: 'rollout-message'}, r.message) : null,
    analysisTable(r),
    buttons(env, r));
}

/** Identity of what the panel shows, without the measurement and write times (shown as ages, set in place). */
function shownKey(list) {
  return JSON.stringify(list, (k, v) => (k === 'updatedAt' ? undefined : v));
}

export function rolloutsPanel(env) {
  const body = h('div', {id: 'rollouts-body', class: 'rollouts'});
  const element = h('section', {id: 'rollouts', 'aria-labelledby': 'rollouts-h', hidden: true},
    h('h2', {id: 'rollouts-h'}, 'Rollouts'), body);
  let last = null;
  return {
    element,
    show() { /* the drift report holds nothing of rollouts; poll() feeds this panel */ },
    async poll() {
      let list;
      try {
        list = await api.rollouts(env);
      } catch (e) {
        // a page that shows the environment still shows it: the panel says what failed (never a stale rollout)
        if (e.status === 404 || e.status === 401) throw e;
        const key = `error ${e.message}`;
        if (key !== last) replace(body, h('p', {class: 'problem', role: 'alert'}, `Rollouts: ${e.message}`));
        last = key;
        element.hidden = false;
        return;
      }
      const key = shownKey(list);
      if (key === last) return;
      last = key;
      element.hidden = !list?.length;
      replace(body, (list ?? []).map(r => rollout(env, r)));
    },
  };
}
