// Entry point: hash routes (static files need no server routes), and live updates by polling every second while the
// tab is visible (docs/decisions/0035-ui-static-es-modules.md says why polling rather than server-sent events).

import {h, replace} from './dom.js';
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
let generation = 0;

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'env' && parts[1]) {
    return parts[2] === 'history' ? historyView(parts[1]) : environmentView(parts[1]);
  }
  return overviewView();
}

async function tick(current) {
  clearTimeout(timer);
  if (current !== generation) return;
  try {
    await view.update();
    live.textContent = `Live · updated ${new Date().toLocaleTimeString()}`;
    live.classList.remove('bad');
    gate.hidden = true;
  } catch (e) {
    if (e.status === 401) askForReadToken(e);
    live.textContent = `Not updating: ${e.message}`;
    live.classList.add('bad');
    view.failed?.(e);
  }
  if (current === generation && !document.hidden) {
    timer = setTimeout(() => tick(current), POLL_MS);
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
      if (ok) { gate.hidden = true; tick(generation); }
    }}, 'Enter API token'));
  gate.hidden = false;
}

function navigate() {
  generation++;
  view?.unmount?.();
  view = route();
  document.title = `${view.title} · Plumbline`;
  replace(main, view.mount());
  main.focus({preventScroll: true});
  tick(generation);
}

/** Shows the tab's data again at once when it becomes visible (polling pauses while hidden). */
document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(generation); });
window.addEventListener('hashchange', navigate);
/** An action calls this so its effect shows without waiting for the next poll. */
window.addEventListener('plumbline:changed', () => tick(generation));

const forget = document.getElementById('forget-token');
forget.hidden = !token.get();
forget.addEventListener('click', () => { token.clear(); forget.hidden = true; });

navigate();

