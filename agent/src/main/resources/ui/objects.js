// The objects of one environment, grouped by kind, with verdict and health; per drifted object the field-level diff
// (desired vs live) and who changed each field and when. Paged (100 rows) so 5,000 objects stay responsive: the DOM
// holds one page, filtering runs over plain arrays.

import {h, replace} from './dom.js';
import {VERDICTS, HEALTHS, age, localTime, objectKey, number} from './format.js';

const PAGE = 100;
const HEALTH_LINE = new RegExp(`^(.+?): (${HEALTHS.join('|')})(?:: (.*))?$`);
const VALUE_FIELDS = /^\/(data|stringData|binaryData)(\/|$)/;

/** health.messages holds one line per object that is not Healthy: "Kind/ns/name: Code: message". */
function healthByKey(health) {
  const map = new Map();
  for (const line of health?.messages ?? []) {
    const m = HEALTH_LINE.exec(line);
    if (m) map.set(m[1], {code: m[2], message: m[3] ?? ''});
  }
  return map;
}

function prepare(report) {
  const health = healthByKey(report.health);
  const assessed = !!report.health;
  return report.entries.map(e => {
    const key = objectKey(e);
    const hs = health.get(key) ?? {code: assessed ? 'Healthy' : 'Unknown', message: ''};
    // one precomputed sort key (kind, drifted first, then Kind/ns/name); plain string order, no localeCompare:
    // names are ASCII, and sorting 5,000 entries by locale costs a visible stall on every update
    return {e, key, health: hs, search: key.toLowerCase(), drifted: e.status !== 'InSync',
      order: `${e.kind}\u0000${e.status === 'InSync' ? 1 : 0}\u0000${key}`};
  }).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/** Secret values never reach the page: the API masks them already; this is the second lock. */
function shown(entry, path, value) {
  if (value === null || value === undefined) return h('span', {class: 'muted'}, '(absent)');
  if (entry.kind === 'Secret' && VALUE_FIELDS.test(path) && !(typeof value === 'string' && value.startsWith('(sensitive'))) {
    return h('span', {class: 'muted'}, '(sensitive)');
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('pre', {}, text);
}

function who(c) {
  if (!c || c.manager === 'unknown') return h('span', {class: 'muted'}, 'unknown');
  return h('span', {class: 'who'}, h('strong', {class: 'manager'}, c.manager),
    c.operation ? ` (${c.operation}${c.subresource ? ', ' + c.subresource : ''})` : '',
    c.time ? [' ', h('time', {'data-age': true, datetime: c.time, title: localTime(c.time)}, age(c.time))] : '');
}

function diffTable(item) {
  const e = item.e;
  if (!e.changes.length) return h('p', {class: 'muted'}, e.message ?? 'No field-level detail for this verdict.');
  return h('table', {class: 'diff', 'aria-label': `Field changes of ${item.key}`},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Field'), h('th', {scope: 'col'}, 'Desired (Git)'),
      h('th', {scope: 'col'}, 'Live (cluster)'), h('th', {scope: 'col'}, 'Changed by'))),
    h('tbody', {}, e.changes.map(c => h('tr', {class: 'field-change', dataset: {field: c.field ?? c.path}},
      h('th', {scope: 'row'}, h('code', {title: c.path}, c.field ?? c.path)),
      h('td', {class: 'desired'}, shown(e, c.path, c.desired)),
      h('td', {class: 'live'}, shown(e, c.path, c.live)),
      h('td', {}, who(c.changedBy))))),
    e.message ? h('caption', {}, e.message) : null);
}

export function objectsPanel() {
  const state = {filter: '', verdict: 'all', page: 0, open: new Set()};
  let items = [];
  const body = h('div', {id: 'objects-body'});
  const status = h('p', {id: 'objects-status', role: 'status'});

  const filterInput = h('input', {id: 'objects-filter', type: 'search', 'data-focus': 'filter', placeholder: 'Kind/namespace/name',
    oninput: () => { state.filter = filterInput.value.trim().toLowerCase(); state.page = 0; render(); }});
  const verdictSelect = h('select', {id: 'objects-verdict', 'data-focus': 'verdict',
    onchange: () => { state.verdict = verdictSelect.value; state.page = 0; render(); }},
    h('option', {value: 'all'}, 'All'), h('option', {value: 'drifted'}, 'Not in sync'),
    VERDICTS.map(v => h('option', {value: v}, v)));
  const controls = h('div', {class: 'controls'},
    h('label', {for: 'objects-filter'}, 'Filter'), filterInput,
    h('label', {for: 'objects-verdict'}, 'Verdict'), verdictSelect);

  function visible() {
    const f = state.filter;
    const v = state.verdict;
    return items.filter(i => (!f || i.search.includes(f))
      && (v === 'all' || (v === 'drifted' ? i.drifted : i.e.status === v)));
  }

  function row(i) {
    const open = state.open.has(i.key);
    const id = `diff-${i.key}`;
    const toggle = i.e.changes.length ? h('button', {type: 'button', class: 'quiet', 'aria-expanded': String(open), 'aria-controls': id,
      'data-focus': `toggle-${i.key}`, onclick: () => { open ? state.open.delete(i.key) : state.open.add(i.key); render(); }},
      open ? 'Hide diff' : 'Show diff') : null;
    const by = i.e.changedBy?.map(c => c.manager).filter(m => m !== 'unknown').join(', ');
    const rows = [h('tr', {class: 'object', dataset: {key: i.key, verdict: i.e.status}},
      h('th', {scope: 'row'}, h('span', {class: 'ns muted'}, i.e.namespace ? `${i.e.namespace}/` : ''), i.e.name),
      h('td', {}, h('span', {class: `badge verdict-${i.e.status}`}, i.e.status)),
      h('td', {title: i.health.message}, h('span', {class: `badge health-${i.health.code}`}, i.health.code),
        i.health.message ? h('span', {class: 'muted small'}, ` ${i.health.message}`) : null),
      h('td', {}, by ? h('span', {class: 'manager'}, by) : i.e.message ? h('span', {class: 'muted small'}, i.e.message) : ''),
      h('td', {}, toggle))];
    if (open) rows.push(h('tr', {class: 'detail', id}, h('td', {colspan: 5}, diffTable(i))));
    return rows;
  }

  /** Another page: shown from its top, the pager button keeping the focus. */
  function turn(by) {
    state.page += by;
    render();
    status.scrollIntoView({block: 'start'});
  }

  function render() {
    const t0 = performance.now();
    const list = visible();
    const pages = Math.max(1, Math.ceil(list.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const slice = list.slice(state.page * PAGE, (state.page + 1) * PAGE);
    const perKind = new Map();
    list.forEach(i => perKind.set(i.e.kind, (perKind.get(i.e.kind) ?? 0) + 1));
    const tbody = h('tbody');
    let kind = null;
    for (const i of slice) {
      if (i.e.kind !== kind) {
        kind = i.e.kind;
        tbody.append(h('tr', {class: 'kind'}, h('th', {colspan: 5, scope: 'colgroup'}, `${kind} (${number(perKind.get(kind))})`)));
      }
      tbody.append(...row(i));
    }
    const from = list.length ? state.page * PAGE + 1 : 0;
    status.textContent = `${number(from)}–${number(state.page * PAGE + slice.length)} of ${number(list.length)} objects`
      + (list.length !== items.length ? ` (${number(items.length)} in all)` : '');
    const pager = h('div', {class: 'pager', role: 'group', 'aria-label': 'Pages'},
      h('button', {type: 'button', id: 'page-prev', 'data-focus': 'prev', disabled: state.page === 0,
        onclick: () => turn(-1)}, 'Previous page'),
      h('span', {}, `Page ${state.page + 1} of ${pages}`),
      h('button', {type: 'button', id: 'page-next', 'data-focus': 'next', disabled: state.page >= pages - 1,
        onclick: () => turn(1)}, 'Next page'));
    replace(body, h('table', {id: 'objects-table', class: 'objects', 'aria-describedby': 'objects-status'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Object'), h('th', {scope: 'col'}, 'Verdict'),
        h('th', {scope: 'col'}, 'Health'), h('th', {scope: 'col'}, 'Changed by'), h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Diff')))),
      tbody), pages > 1 ? pager : null);
    document.documentElement.dataset.objectsRenderMs = (performance.now() - t0).toFixed(1);
  }

  return {
    element: h('section', {id: 'objects', 'aria-labelledby': 'objects-h'}, h('h2', {id: 'objects-h'}, 'Objects'), controls, status, body),
    show(report) {
      items = prepare(report);
      render();
    },
  };
}
