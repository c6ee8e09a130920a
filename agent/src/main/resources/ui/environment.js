// One environment: the header (status, revision, waiting reasons, banner, actions) and its panels: the rollouts
// (step, weight, analysis, promote/abort; hidden when there are none) and the objects.

import {h, replace} from './dom.js';
import {api} from './api.js';
import {environmentHeader} from './summary.js';
import {objectsPanel} from './objects.js';
import {rolloutsPanel} from './rollouts.js';
import {sameView} from './format.js';

/**
 * A panel: {element, show(report)} where report is the drift report (entries included), shown when its entries
 * changed; a panel with data of its own also has poll(), run on every update (a rollout's step and analysis move
 * while the summary and the drift report stay the same).
 */
function panels(env) {
  return [rolloutsPanel(env), objectsPanel()];
}

export function environmentView(env) {
  const header = h('div', {id: 'env-header'});
  const list = panels(env);
  let lastSummary = null;
  let lastEntries = null;
  let lastHeader = null;
  return {
    title: env,
    mount: () => [header, ...list.map(p => p.element)],
    async update() {
      const summary = await api.environment(env);
      await Promise.all(list.filter(p => p.poll).map(p => p.poll()));
      const json = JSON.stringify(summary);
      if (json === lastSummary) return;
      const key = sameView(summary);
      // the drift report only changes with a check (checkedAt) or a sync, both visible in the summary; and a check
      // mostly finds what the last one found: everything after checkedAt (counts, health, gate, ..., entries) is
      // compared as text before parsing. (An API string holding "counts" is escaped, so it cannot match early.)
      const text = await api.driftText(env);
      lastSummary = json;
      if (key !== lastHeader) replace(header, environmentHeader(summary, 'objects'));
      lastHeader = key;
      const at = text.indexOf('"counts"');
      const entries = at < 0 ? text : text.slice(at);
      if (entries === lastEntries) return;
      lastEntries = entries;
      const report = JSON.parse(text);
      list.forEach(p => p.show(report));
    },
    failed(e) {
      if (!header.childElementCount) replace(header, h('h1', {}, env), h('p', {class: 'problem', role: 'alert'}, e.message));
    },
  };
}
