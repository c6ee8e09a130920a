// Building the DOM without innerHTML: every string from the API ends up as text, never as markup (and the page's
// Content-Security-Policy forbids inline script anyway).

/** h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces a container's children and puts keyboard focus back where it was: live updates re-render every second or
 * two, and a keyboard user must not lose their place. Elements that can take focus carry data-focus="<stable key>".
 */
export function replace(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focus : undefined;
  const selection = key && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null;
  container.replaceChildren();
  append(container, children);
  if (key) {
    const again = [...container.querySelectorAll('[data-focus]')].find(e => e.dataset.focus === key);
    if (again) {
      again.focus({preventScroll: true});
      if (selection) again.setSelectionRange(...selection);
    }
  }
}

/** A screen-reader announcement (the #announce live region). */
export function announce(text) {
  const region = document.getElementById('announce');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

/**
 * "5 s ago" texts are <time data-age datetime=…> and refreshed in place every poll; the rest of the page is replaced
 * only when what it shows changed, so a click (mouse down, mouse up) never lands on an element replaced in between.
 */
export function refreshAges(age) {
  for (const t of document.querySelectorAll('time[data-age]')) t.textContent = age(t.dateTime);
}
