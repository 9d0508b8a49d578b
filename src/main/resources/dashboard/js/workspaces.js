// Workspaces and their sync health, live on the workspaces topic: every ack, heartbeat and status change is a
// delta. Heartbeat ages tick locally between deltas, so a workspace that went silent turns red on its own.
import { h, fill, refill } from './dom.js';
import { enc } from './api.js';
import { destroyControl } from './workspace-actions.js';

/** Three missed heartbeats (a managed workspace sends one every 10 s when idle). */
export const HEARTBEAT_STALE_MS = 30_000;
/** Commands older than this on arrival: the workspace is falling behind. */
export const LAG_STALE_MS = 10_000;
const TICK_MS = 1000;

export function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/**
 * How old the last heartbeat is at `now`: the server's age when the workspace was read plus the time since it
 * arrived here, so the browser's clock never has to agree with the server's. Null before the first heartbeat.
 */
export function heartbeatAge(w, receivedAt, now) {
  const age = w.sync.heartbeat_age_seconds;
  return age === null || age === undefined ? null : age * 1000 + (now - receivedAt);
}

/** [kind, text] of a workspace's sync health, its heartbeat `age` ms old. */
export function health(w, age) {
  if (w.destroyed_at) return ['muted', 'destroyed'];
  if (w.provider === 'local') return ['muted', 'local, no sync'];
  if (w.status !== 'ready' && w.status !== 'running') return ['muted', w.status];
  if (age === null) return ['error', 'no heartbeat yet'];
  if (age > HEARTBEAT_STALE_MS) return ['error', `heartbeat late by ${ago(age - HEARTBEAT_STALE_MS)}`];
  return w.sync.lag_millis > LAG_STALE_MS ? ['error', `lagging ${ago(w.sync.lag_millis)}`] : ['ok', 'healthy'];
}

const COLUMNS = ['Workspace', 'Issue', 'Provider', 'Status', 'Branch', 'Acked through', 'Outbox', 'Lag', 'Generation',
  'Last heartbeat', 'Sync health', 'Actions'];
/** The row's cells, in COLUMNS order. */
const CELLS = ['id', 'issue', 'provider', 'status', 'branch', 'acked', 'outbox', 'lag', 'generation', 'heartbeat',
  'health', 'actions'];
const NUMBERS = new Set(['acked', 'outbox', 'lag', 'generation']);
const newestFirst = (a, b) => (b.w.created_at ?? '').localeCompare(a.w.created_at ?? '') || a.w.id.localeCompare(b.w.id);

export function workspacesView(main, live) {
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const body = h('tbody');
  const table = h('div', { class: 'table-scroll' }, h('table', { class: 'workspaces' },
    h('caption', { class: 'visually-hidden' }, 'Workspaces with their sync health'),
    h('thead', {}, h('tr', {}, COLUMNS.map((label) => h('th', { scope: 'col' }, label)))),
    body));
  fill(main, h('h1', { tabindex: '-1' }, 'Workspaces'), status, table);
  const rows = new Map(); // workspace id -> { tr, cells, w, receivedAt, destroyed }
  let revision = 0;

  function newRow(id) {
    const cells = {};
    CELLS.forEach((name, i) => {
      // The label heads the cell where a phone shows each workspace as a card instead of a wide row.
      cells[name] = name === 'id' ? h('th', { scope: 'row' })
        : h('td', { class: NUMBERS.has(name) ? 'number' : undefined, dataset: { cell: name, label: COLUMNS[i] } });
    });
    const badge = h('span', { class: 'badge' });
    cells.health.append(badge);
    return { tr: h('tr', { dataset: { workspace: id } }, Object.values(cells)), cells, badge, destroyed: null };
  }

  /** Updates the row's cells in place, so a heartbeat never takes the focus off (or closes) its Destroy control. */
  function show(row, w, receivedAt) {
    row.w = w;
    row.receivedAt = receivedAt;
    row.tr.dataset.status = w.status;
    const { cells } = row;
    fill(cells.id, w.console_url ? h('a', { href: w.console_url, rel: 'noreferrer' }, w.id) : w.id);
    fill(cells.issue, w.mission_id && w.mission_issue_id
      ? h('a', { href: `#/missions/${enc(w.mission_id)}/issues/${enc(w.mission_issue_id)}` }, w.issue_identifier ?? w.mission_issue_id)
      : '—');
    cells.provider.textContent = w.provider;
    cells.status.textContent = w.status;
    cells.branch.textContent = w.branch ?? '—';
    cells.acked.textContent = String(w.sync.acked_through);
    cells.outbox.textContent = String(w.sync.outbox_depth);
    cells.lag.textContent = w.provider !== 'local' && w.sync.last_heartbeat_at ? ago(w.sync.lag_millis) : '—';
    cells.generation.textContent = String(w.sync.generation);
    const destroyed = Boolean(w.destroyed_at);
    if (row.destroyed !== destroyed) {
      row.destroyed = destroyed;
      refill(cells.actions, destroyControl(w) ?? '—');
    }
    tick(row, Date.now());
  }

  function tick(row, now) {
    const age = heartbeatAge(row.w, row.receivedAt, now);
    row.cells.heartbeat.textContent = age === null ? '—' : `${ago(age)} ago`;
    const [kind, text] = health(row.w, age);
    row.badge.className = `badge ${kind}`;
    row.badge.dataset.health = kind;
    row.badge.textContent = text;
  }

  function upsert(w, receivedAt) {
    let row = rows.get(w.id);
    const added = !row;
    if (added) {
      row = newRow(w.id);
      rows.set(w.id, row);
    }
    show(row, w, receivedAt);
    if (added) place();
  }

  function place() {
    status.textContent = `${rows.size} workspace${rows.size === 1 ? '' : 's'}`;
    if (rows.size === 0) {
      fill(body, h('tr', {}, h('td', { colspan: String(COLUMNS.length) }, 'No workspaces yet')));
      return;
    }
    fill(body, [...rows.values()].sort(newestFirst).map((row) => row.tr));
  }

  const ticking = setInterval(() => {
    const now = Date.now();
    for (const row of rows.values()) tick(row, now);
  }, TICK_MS);
  const close = live.subscribe('workspaces', (message) => {
    const now = Date.now();
    if (message.type === 'snapshot') {
      revision = message.revision;
      rows.clear();
      for (const w of message.workspaces) {
        const row = newRow(w.id);
        rows.set(w.id, row);
        show(row, w, now);
      }
      place();
    } else if (message.type === 'workspace' && message.revision > revision) {
      upsert(message.workspace, now);
    }
  });
  return () => {
    clearInterval(ticking);
    close();
  };
}
