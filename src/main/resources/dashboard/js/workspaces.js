// Workspaces and their sync health. Read from REST every few seconds: the sync receiver records acks and
// heartbeats without a store event, so /ws has nothing to push for them (docs/dashboard.md).
import { h, fill, time } from './dom.js';
import { get, enc } from './api.js';

const REFRESH_MS = 5000;
/** Three missed heartbeats (a managed workspace sends one every 10 s when idle). */
export const HEARTBEAT_STALE_MS = 30_000;
/** Commands older than this on arrival: the workspace is falling behind. */
export const LAG_STALE_MS = 10_000;

function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/** [kind, text] of a workspace's sync health at `now`. */
export function health(w, now) {
  if (w.destroyed_at) return ['muted', 'destroyed'];
  if (w.provider === 'local') return ['muted', 'local, no sync'];
  if (w.status !== 'ready' && w.status !== 'running') return ['muted', w.status];
  if (!w.sync.last_heartbeat_at) return ['error', 'no heartbeat yet'];
  const age = now - Date.parse(w.sync.last_heartbeat_at);
  if (age > HEARTBEAT_STALE_MS) return ['error', `heartbeat late by ${ago(age - HEARTBEAT_STALE_MS)}`];
  return w.sync.lag_millis > LAG_STALE_MS ? ['error', `lagging ${ago(w.sync.lag_millis)}`] : ['ok', 'healthy'];
}

export function workspacesView(main) {
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const body = h('tbody');
  const table = h('div', { class: 'table-scroll' }, h('table', { class: 'workspaces' },
    h('caption', { class: 'visually-hidden' }, 'Workspaces with their sync health'),
    h('thead', {}, h('tr', {}, ['Workspace', 'Issue', 'Provider', 'Status', 'Branch', 'Acked through',
      'Outbox', 'Lag', 'Generation', 'Last heartbeat', 'Sync health'].map((label) => h('th', { scope: 'col' }, label)))),
    body));
  fill(main, h('h1', { tabindex: '-1' }, 'Workspaces'), status, table);
  let workspaces = [];

  function row(w, now) {
    const [kind, text] = health(w, now);
    const issue = w.mission_id && w.mission_issue_id
      ? h('a', { href: `#/missions/${enc(w.mission_id)}/issues/${enc(w.mission_issue_id)}` }, w.issue_identifier ?? w.mission_issue_id)
      : '—';
    return h('tr', { dataset: { workspace: w.id } },
      h('th', { scope: 'row' }, w.console_url ? h('a', { href: w.console_url, rel: 'noreferrer' }, w.id) : w.id),
      h('td', {}, issue), h('td', {}, w.provider), h('td', {}, w.status), h('td', {}, w.branch ?? '—'),
      h('td', { class: 'number' }, String(w.sync.acked_through)), h('td', { class: 'number' }, String(w.sync.outbox_depth)),
      h('td', { class: 'number' }, w.sync.last_heartbeat_at ? ago(w.sync.lag_millis) : '—'),
      h('td', { class: 'number' }, String(w.sync.generation)),
      h('td', {}, w.sync.last_heartbeat_at ? `${ago(now - Date.parse(w.sync.last_heartbeat_at))} ago` : '—'),
      h('td', {}, h('span', { class: `badge ${kind}`, dataset: { health: kind } }, text)));
  }

  function render() {
    const now = Date.now();
    fill(body, workspaces.length ? workspaces.map((w) => row(w, now))
      : h('tr', {}, h('td', { colspan: '11' }, 'No workspaces yet')));
  }

  async function refresh() {
    try {
      ({ workspaces } = await get('/api/workspaces?all=true'));
      status.textContent = `${workspaces.length} workspaces · updated ${time(new Date().toISOString())}`;
      render();
    } catch (error) {
      status.textContent = `Cannot read workspaces: ${error.message}`;
    }
  }

  refresh();
  const polling = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(polling);
}
