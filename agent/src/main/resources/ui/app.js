// Entry point: hash routes (static files need no server routes), and live updates by polling every second while the
// tab is visible (docs/decisions/0035-ui-static-es-modules.md says why polling rather than server-sent events).

import {h, replace, announce, refreshAges} from './dom.js';
import {age} from './format.js';
import {api, token} from './api.js';
import {runAction} from './dialog.js';
import {overviewView} from './overview.js';
import {environmentView} from './environment.js';
import {historyView} from './history.js';

const POLL_MS = 1000;
const main = document.getElementById('main');
const gate = h('div', {id: 'auth-needed', role: 'alert', hidden: true});
main.before(gate);
const live = document.getElementById('live');
let view = null;
let timer = null;

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'env' && parts[1]) {
    return parts[2] === 'history' ? historyView(parts[1]) : environmentView(parts[1]);
  }
  return overviewView();
}

let running = false;
let again = false;

/**
 * One poll of the current view, then the next one a second later. Never two at once: a tick asked for while one runs
 * (an action's "changed", a navigation) runs right after it, so the chain of timers stays one chain.
 */
async function tick() {
  if (running) {
    again = true;
    return;
  }
  clearTimeout(timer);
  running = true;
  const current = view;
  try {
    await current.update();
    refreshAges(age);
    live.textContent = `Live · updated ${new Date().toLocaleTimeString()}`;
    live.classList.remove('bad');
    gate.hidden = true;
  } catch (e) {
    if (e.status === 401) askForReadToken(e);
    // the "updated" line is not a live region (a screen reader would read it every second); losing contact is announced
    if (!live.classList.contains('bad')) announce(`Not updating: ${e.message}`);
    live.textContent = `Not updating: ${e.message}`;
    live.classList.add('bad');
    current.failed?.(e);
  } finally {
    running = false;
  }
  if (again || current !== view) {
    again = false;
    tick();
  } else if (!document.hidden) {
    timer = setTimeout(tick, POLL_MS);
  }
}

/** With plumbline.api.protect-reads even reads need the token: say so, and offer to enter it. */
function askForReadToken(e) {
  if (!gate.hidden) return;
  replace(gate, h('p', {}, `This agent protects its read endpoints too (plumbline.api.protect-reads): ${e.message}`),
    h('button', {type: 'button', id: 'enter-token', class: 'primary', onclick: async () => {
      const ok = await runAction({title: 'Enter the API token', confirmLabel: 'Continue',
        description: 'This agent answers reads only with the API token.',
        run: b => api.environments(b), describe: () => 'API token accepted'});
      if (ok) { gate.hidden = true; tick(); }
    }}, 'Enter API token'));
  gate.hidden = false;
}

function navigate() {
  view?.unmount?.();
  view = route();
  document.title = `${view.title} · Plumbline`;
  replace(main, view.mount());
  main.focus({preventScroll: true});
  tick();
}

/** Shows the tab's data again at once when it becomes visible (polling pauses while hidden). */
document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
window.addEventListener('hashchange', navigate);
/** An action calls this so its effect shows without waiting for the next poll. */
window.addEventListener('plumbline:changed', () => tick());

const forget = document.getElementById('forget-token');
forget.hidden = !token.get();
forget.addEventListener('click', () => { token.clear(); forget.hidden = true; });

navigate();

