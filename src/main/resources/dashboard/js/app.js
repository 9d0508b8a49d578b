// The dashboard's entry point: token login, the live connection and a hash router over the views.
import { h, fill } from './dom.js';
import { get, setToken, token, AuthRequired } from './api.js';
import { Live } from './live.js';
import { missionsView } from './missions.js';
import { boardView } from './board.js';
import { issueView } from './issue.js';
import { sessionPanel } from './session.js';
import { workspacesView } from './workspaces.js';

const main = document.getElementById('main');
const connection = document.getElementById('connection');
const LABELS = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };
// Render timings, read by the browser tests and handy in the console.
const timings = {};
window.orbitdock = { timings };

const live = new Live((state) => {
  connection.dataset.state = state;
  connection.textContent = LABELS[state];
});
let dispose = () => {};

function route() {
  dispose();
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'missions' && parts[1] && parts[2] === 'issues' && parts[3]) {
    dispose = issueView(main, live, parts[1], parts[3], timings);
  } else if (parts[0] === 'missions' && parts[1]) {
    dispose = boardView(main, live, parts[1], timings);
  } else if (parts[0] === 'workspaces') {
    dispose = workspacesView(main, live);
  } else if (parts[0] === 'sessions' && parts[1]) {
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'transcript-heading' });
    fill(main, h('h1', { tabindex: '-1' }, `Session ${parts[1]}`), panel);
    dispose = sessionPanel(panel, live, parts[1], timings);
  } else {
    dispose = missionsView(main, live);
  }
  main.querySelector('h1')?.focus();
}

function login(message) {
  const input = h('input', { id: 'token', type: 'password', name: 'token', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help' });
  const form = h('form', { class: 'login panel', 'aria-labelledby': 'login-heading' },
    h('h1', { id: 'login-heading', tabindex: '-1' }, 'Sign in'),
    message ? h('p', { role: 'alert' }, message) : null,
    h('label', { for: 'token' }, 'API token'),
    h('div', { class: 'row-form' }, input, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
    h('p', { id: 'token-help', class: 'muted' },
      'Create one with: orbitdock token create --label <name>. It is kept for this tab only.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    start();
  });
  fill(main, form);
  input.focus();
}

async function start() {
  try {
    await get('/api/server');
  } catch (error) {
    if (error instanceof AuthRequired) {
      const hadToken = Boolean(token());
      setToken(null);
      login(hadToken ? 'That token was not accepted.' : null);
      return;
    }
    fill(main, h('h1', { tabindex: '-1' }, 'The server cannot be reached'), h('p', {}, error.message));
    return;
  }
  live.connect();
  window.addEventListener('hashchange', route);
  route();
}

start();
