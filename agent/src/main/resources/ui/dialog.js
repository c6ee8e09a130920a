// The one confirmation dialog every action goes through: it says what will happen, asks for the API token (kept in
// this tab's sessionStorage only), and on failure stays open showing the API's problem text, so a wrong token can be
// corrected in place.

import {h, announce} from './dom.js';
import {token, ApiError} from './api.js';

let dialog;

function build() {
  const title = h('h2', {id: 'action-title'});
  const desc = h('p', {id: 'action-desc'});
  const input = h('input', {id: 'action-token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true});
  const error = h('div', {id: 'action-error', class: 'problem', role: 'alert', hidden: true});
  const cancel = h('button', {type: 'button', id: 'action-cancel'}, 'Cancel');
  const confirm = h('button', {type: 'submit', id: 'action-confirm', class: 'primary'});
  const form = h('form', {method: 'dialog'}, title, desc,
    h('label', {for: 'action-token'}, 'API token'), input,
    h('p', {class: 'hint'}, 'Kept in this browser tab only (session storage); forgotten when the tab closes.'),
    error, h('div', {class: 'buttons'}, cancel, confirm));
  const el = h('dialog', {id: 'action-dialog', 'aria-labelledby': 'action-title', 'aria-describedby': 'action-desc'}, form);
  document.body.append(el);
  return {el, form, title, desc, input, error, cancel, confirm};
}

function showError(d, e) {
  d.error.replaceChildren(h('strong', {}, e.message));
  if (e instanceof ApiError && e.problems?.length) {
    d.error.append(h('ul', {}, e.problems.map(p => h('li', {}, p))));
  }
  d.error.hidden = false;
}

/**
 * Runs one action after confirmation. run(bearer) returns a promise of the API's answer; describe(answer) turns it
 * into the sentence announced on success. Resolves with the answer, or null when cancelled.
 */
export function runAction({title, description, confirmLabel, run, describe}) {
  dialog ??= build();
  const d = dialog;
  d.title.textContent = title;
  d.desc.textContent = description;
  d.confirm.textContent = confirmLabel;
  d.input.value = token.get() ?? '';
  d.error.hidden = true;
  d.confirm.disabled = false;
  return new Promise(resolve => {
    const close = answer => {
      d.form.onsubmit = null;
      d.cancel.onclick = null;
      d.el.oncancel = null;
      d.el.close();
      resolve(answer);
    };
    d.cancel.onclick = () => close(null);
    d.el.oncancel = () => close(null);
    d.form.onsubmit = async event => {
      event.preventDefault();
      const bearer = d.input.value.trim();
      d.confirm.disabled = true;
      d.error.hidden = true;
      try {
        const answer = await run(bearer);
        token.set(bearer);
        document.getElementById('forget-token').hidden = false;
        announce(describe ? describe(answer) : `${confirmLabel}: done`);
        close(answer);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) token.clear();
        showError(d, e);
        d.confirm.disabled = false;
        d.input.focus();
        d.input.select();
      }
    };
    d.el.showModal();
    (d.input.value ? d.confirm : d.input).focus();
  });
}
