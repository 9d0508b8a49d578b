// An issue's detail: tracker and PR links, attempts, last error verbatim, workspace, and its live transcript.
import { h, fill, refill, act, time } from './dom.js';
import { get, post, enc } from './api.js';
import { LABELS, ACTIONS } from './states.js';
import { sessionPanel } from './session.js';
import { destroyControl } from './workspace-actions.js';
import { stepText, stepsOf } from './provisioning.js';

export function issueView(main, live, missionId, issueId, timings) {
  const title = h('h1', { tabindex: '-1' }, 'Issue');
  const summary = h('section', { class: 'panel', 'aria-labelledby': 'issue-heading' });
  const workspaceFields = h('div', {}, h('p', { class: 'muted' }, 'None yet'));
  const workspaceSteps = h('div');
  const workspaceActions = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Workspace actions' });
  const workspace = h('section', { class: 'panel', 'aria-labelledby': 'workspace-heading' },
    h('h2', { id: 'workspace-heading' }, 'Workspace'), workspaceFields, workspaceSteps, workspaceActions);
  const attempts = h('section', { class: 'panel', 'aria-labelledby': 'attempts-heading' });
  const transcript = h('section', { class: 'panel', 'aria-labelledby': 'transcript-heading' },
    h('h2', { id: 'transcript-heading' }, 'Transcript'), h('p', { class: 'muted' }, 'No session yet'));
  fill(main, h('p', {}, h('a', { href: `#/missions/${enc(missionId)}` }, '← Board')), title,
    h('div', { class: 'detail' }, h('div', {}, summary, workspace, attempts), transcript));

  let revision = 0;
  let sessionId = null;
  let closeSession = () => {};
  let attemptsKey = null;
  let drawn = null;
  let current = null; // the issue as last shown
  const workspaces = new Map(); // id -> workspace, from the workspaces topic
  let workspacesRevision = 0;
  const provisioning = new Map(); // issue id -> { workspace_id, steps }, from the board's topic
  let drawnWorkspace = null;
  let drawnSteps = null;
  let drawnDestroy = null;

  function render(issue) {
    // Heartbeat and progress updates change nothing shown here: leave the page (and its focus) alone.
    const shown = JSON.stringify([issue.identifier, issue.title, issue.state, issue.url, issue.pr_url, issue.attempt,
      issue.retry_due_at, issue.last_error, issue.allowed_transitions, issue.workspace_id, issue.session_id]);
    if (shown === drawn) return;
    drawn = shown;
    title.textContent = `${issue.identifier}: ${issue.title}`;
    const buttons = issue.allowed_transitions.filter((to) => ACTIONS[to]).map((to) => {
      const label = ACTIONS[to];
      const button = h('button', { type: 'button', class: to === 'queued' ? 'primary' : undefined }, label);
      const base = `/api/missions/${enc(missionId)}/issues/${enc(issue.id)}`;
      button.addEventListener('click', () => act(button, `${label} ${issue.identifier}`,
        () => (to === 'queued' ? post(`${base}/retry`) : post(`${base}/transition`, { to }))));
      return button;
    });
    fill(summary, h('h2', { id: 'issue-heading' }, 'Issue'),
      h('dl', { class: 'fields' },
        h('dt', {}, 'State'), h('dd', { class: 'state', dataset: { state: issue.state } }, LABELS[issue.state] ?? issue.state),
        h('dt', {}, 'Tracker'), h('dd', {}, issue.url ? h('a', { href: issue.url, rel: 'noreferrer' }, issue.url) : '—'),
        h('dt', {}, 'Pull request'), h('dd', {}, issue.pr_url ? h('a', { href: issue.pr_url, rel: 'noreferrer' }, issue.pr_url) : '—'),
        h('dt', {}, 'Attempt'), h('dd', {}, String(issue.attempt)),
        h('dt', {}, 'Retry due'), h('dd', {}, time(issue.retry_due_at))),
      issue.last_error ? [h('h3', {}, 'Last error'), h('pre', { class: 'last-error' }, issue.last_error)] : null,
      buttons.length ? h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Issue actions' }, buttons) : null);
    current = issue;
    showWorkspace();
    // The sessions change with the issue's attempts; fetch them again when those do.
    const key = `${issue.workspace_id}|${issue.state}|${issue.attempt}`;
    if (key !== attemptsKey) {
      attemptsKey = key;
      showAttempts(issue);
    }
    if (issue.session_id && issue.session_id !== sessionId) {
      closeSession();
      sessionId = issue.session_id;
      closeSession = sessionPanel(transcript, live, sessionId, timings);
    }
  }

  /**
   * The issue's workspace as the workspaces topic has it, redrawn only where what is shown changed: a heartbeat
   * neither redraws the panel nor closes an open Destroy confirmation.
   */
  function showWorkspace() {
    const w = current?.workspace_id ? workspaces.get(current.workspace_id) : null;
    const shown = JSON.stringify(w ? [w.id, w.provider, w.status, w.branch, w.external_id, w.console_url, w.path,
      w.created_at, w.ready_at, w.destroyed_at, w.last_error] : [current?.workspace_id]);
    if (shown !== drawnWorkspace) {
      drawnWorkspace = shown;
      fill(workspaceFields, w ? workspaceDetails(w)
        : h('p', { class: 'muted' }, current?.workspace_id ? `Workspace ${current.workspace_id} is being set up` : 'None yet'));
    }
    const steps = current ? stepsOf(provisioning, current) : [];
    const shownSteps = JSON.stringify(steps);
    if (shownSteps !== drawnSteps) {
      drawnSteps = shownSteps;
      fill(workspaceSteps, steps.length ? [h('h3', {}, 'Provisioning'), h('ol', { class: 'steps' },
        steps.map((step) => h('li', { dataset: { step: step.name, status: step.status } }, stepText(step),
          step.error ? h('pre', { class: 'last-error' }, step.error) : null)))] : null);
    }
    const destroy = w ? `${w.id}|${Boolean(w.destroyed_at)}` : null;
    if (destroy !== drawnDestroy) {
      drawnDestroy = destroy;
      refill(workspaceActions, w ? destroyControl(w) : null);
    }
  }

  function workspaceDetails(w) {
    return [h('dl', { class: 'fields' },
      h('dt', {}, 'Provider'), h('dd', {}, w.provider),
      h('dt', {}, 'Status'), h('dd', { dataset: { workspaceStatus: w.status } }, w.status),
      h('dt', {}, 'Branch'), h('dd', {}, w.branch ?? '—'),
      h('dt', {}, 'External id'), h('dd', {}, w.external_id ?? '—'),
      h('dt', {}, w.console_url ? 'Console' : 'Path'),
      h('dd', {}, w.console_url ? h('a', { href: w.console_url, rel: 'noreferrer' }, w.console_url) : (w.path ?? '—')),
      h('dt', {}, 'Created'), h('dd', {}, time(w.created_at)),
      h('dt', {}, 'Ready'), h('dd', {}, time(w.ready_at)),
      h('dt', {}, 'Destroyed'), h('dd', {}, time(w.destroyed_at))),
    w.last_error ? [h('h3', {}, 'Workspace error'), h('pre', { class: 'last-error' }, w.last_error)] : null];
  }

  async function showAttempts(issue) {
    try {
      const { sessions } = await get(`/api/sessions?mission_issue_id=${enc(issue.id)}`);
      const mine = sessions.reverse(); // oldest first: attempt order
      fill(attempts, h('h2', { id: 'attempts-heading' }, `Sessions (${mine.length})`),
        mine.length ? h('ol', {}, mine.map((s) => h('li', {},
          h('a', { href: `#/sessions/${enc(s.id)}` }, time(s.started_at)), ` · ${s.status} · ${s.rows} rows`)))
          : h('p', { class: 'muted' }, 'None yet'));
    } catch (error) {
      fill(attempts, h('h2', { id: 'attempts-heading' }, 'Sessions'), h('p', {}, error.message));
    }
  }

  const closeMission = live.subscribe(`mission:${missionId}`, (message) => {
    if (message.type === 'snapshot') {
      revision = message.revision;
      provisioning.clear();
      for (const entry of message.provisioning ?? []) provisioning.set(entry.issue_id, entry);
      const issue = message.issues.find((i) => i.id === issueId);
      if (issue) render(issue);
      else fill(main, h('h1', { tabindex: '-1' }, 'Issue not found'));
    } else if (message.type === 'issue' && message.issue.id === issueId && message.revision > revision) {
      render(message.issue);
    } else if (message.type === 'provisioning' && message.provisioning.issue_id === issueId
      && message.revision > revision) {
      provisioning.set(issueId, message.provisioning);
      showWorkspace();
    } else if (message.type === 'error') {
      fill(main, h('h1', { tabindex: '-1' }, 'Mission not found'), h('p', {}, message.error));
    }
  });
  const closeWorkspaces = live.subscribe('workspaces', (message) => {
    if (message.type === 'snapshot') {
      workspacesRevision = message.revision;
      workspaces.clear();
      for (const w of message.workspaces) workspaces.set(w.id, w);
    } else if (message.type === 'workspace' && message.revision > workspacesRevision) {
      workspaces.set(message.workspace.id, message.workspace);
    } else {
      return;
    }
    showWorkspace();
  });
  return () => {
    closeMission();
    closeWorkspaces();
    closeSession();
  };
}
