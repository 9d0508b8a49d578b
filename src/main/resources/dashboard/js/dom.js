// A tiny element builder: h('a', {href: '#'}, 'text', child …). Text is always set as text, never as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  fill(element, ...children);
  return element;
}

/** Replaces an element's children; nested arrays are flattened and null, undefined and false are left out. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
}

/** As fill; if the focus was inside, it stays on the element instead of falling back to the page's start. */
export function refill(element, ...children) {
  const hadFocus = element.contains(document.activeElement);
  fill(element, ...children);
  if (hadFocus) {
    element.tabIndex = -1;
    element.focus();
  }
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

const toastElement = () => document.getElementById('toast');
let toastTimer;

/** A short message in the polite live region; errors stay until the next message. */
export function toast(message, kind = 'info') {
  const element = toastElement();
  element.dataset.kind = kind;
  element.textContent = message;
  clearTimeout(toastTimer);
  if (kind !== 'error') toastTimer = setTimeout(() => { element.textContent = ''; }, 4000);
}

/**
 * Runs an action from a button and reports the outcome. The button is marked busy rather than disabled while it
 * runs: disabling it would drop the keyboard focus to the start of the page.
 */
export async function act(button, label, action) {
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  try {
    await action();
    toast(`${label}: done`);
  } catch (error) {
    toast(`${label} failed: ${error.message}`, 'error');
  } finally {
    button.removeAttribute('aria-busy');
  }
}
