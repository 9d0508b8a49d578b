// A mission's board: one column per orchestration state, cards moved live as issue deltas arrive.
import { h, fill, act, time } from './dom.js';
import { post, enc } from './api.js';
import { STATES, ACTIONS, byIdentifier } from './states.js';
import { currentStep, stepText, stepsOf } from './provisioning.js';

export function boardView(main, live, missionId, timings) {
  const issues = new Map();
  const provisioning = new Map(); // issue id -> { workspace_id, steps } of the issues being provisioned
  const cards = new Map(); // issue id -> card element
  const columns = new Map(); // state -> { list, count }
  let mission = null;
  let revision = 0;
  let drawnMission = null;

  const title = h('h1', { tabindex: '-1' }, 'Mission');
  const badges = h('span');
  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Mission actions' });
  const board = h('div', { class: 'board' });
  for (const [state, label] of STATES) {
    const headingId = `col-${state}`;
    const count = h('span', { class: 'count', 'aria-label': `${label}: 0 issues` }, '0');
    const list = h('ul', { class: 'cards', 'aria-labelledby': headingId });
    board.append(h('section', { class: 'column', 'aria-labelledby': headingId, dataset: { state } },
      h('header', {}, h('h2', { id: headingId }, label), count), list));
    columns.set(state, { list, count, label });
  }
  fill(main, title, toolbar, board);

  /** Redraws the header only when what it shows changed, so a poll does not take the focus off its buttons. */
  function renderMission() {
    const shown = JSON.stringify([mission.name, mission.paused, mission.parse_error, mission.last_poll_error]);
    if (shown === drawnMission) return;
    drawnMission = shown;
    title.textContent = mission.name;
    fill(badges, 
      mission.paused ? h('span', { class: 'badge paused' }, 'paused') : null,
      mission.parse_error ? h('span', { class: 'badge error', title: mission.parse_error }, 'MISSION.md has problems') : null);
    const path = `/api/missions/${enc(mission.id)}`;
    const trigger = h('button', { type: 'button', class: 'primary' }, 'Trigger poll');
    trigger.addEventListener('click', () => act(trigger, 'Trigger poll', () => post(`${path}/trigger`)));
    const pause = h('button', { type: 'button' }, mission.paused ? 'Resume' : 'Pause');
    pause.addEventListener('click', () => act(pause, pause.textContent,
      () => post(`${path}/${mission.paused ? 'resume' : 'pause'}`)));
    fill(toolbar, trigger, pause, badges,
      mission.last_poll_error ? h('span', { class: 'badge error' }, `poll failed: ${mission.last_poll_error}`) : null);
  }

  /** The provisioning step a card shows: only while the issue is in `provisioning`. */
  function step(issue) {
    return issue.state === 'provisioning' ? currentStep(stepsOf(provisioning, issue)) : null;
  }

  const shownOnCard = (i) => JSON.stringify([i.identifier, i.title, i.state, i.attempt, i.retry_due_at, i.last_error,
    i.allowed_transitions, step(i)]);

  function card(issue) {
    const element = cardElement(issue);
    element.dataset.shown = shownOnCard(issue);
    return element;
  }

  function cardElement(issue) {
    const link = `#/missions/${enc(missionId)}/issues/${enc(issue.id)}`;
    const actions = issue.allowed_transitions.includes('queued') ? [retryButton(issue)] : [];
    return h('li', { class: 'card', dataset: { issue: issue.id, identifier: issue.identifier } },
      h('a', { class: 'ident', href: link }, issue.identifier),
      h('p', { class: 'title' }, issue.title),
      issue.state === 'provisioning' ? setup(step(issue)) : null,
      h('p', { class: 'meta' }, `attempt ${issue.attempt}`,
        issue.retry_due_at ? ` · retry at ${time(issue.retry_due_at)}` : ''),
      issue.last_error ? h('p', { class: 'error' }, issue.last_error) : null,
      actions.length ? h('div', { class: 'actions' }, actions) : null);
  }

  function setup(current) {
    return h('div', { class: 'setup' }, h('p', { class: 'meta' }, 'Setting up environment…'),
      current ? h('p', { class: `meta step ${current.status}`, dataset: { step: current.name } },
        h('span', { class: 'visually-hidden' }, 'Current step: '), h('span', { class: 'step-text' }, stepText(current)))
        : null);
  }

  function retryButton(issue) {
    const button = h('button', { type: 'button', 'aria-label': `Retry ${issue.identifier}` }, ACTIONS.queued);
    button.addEventListener('click', () => act(button, `Retry ${issue.identifier}`,
      () => post(`/api/missions/${enc(missionId)}/issues/${enc(issue.id)}/retry`)));
    return button;
  }

  function updateCount(state) {
    const column = columns.get(state);
    const n = column.list.childElementCount;
    column.count.textContent = String(n);
    column.count.setAttribute('aria-label', `${column.label}: ${n} issue${n === 1 ? '' : 's'}`);
  }

  function renderAll() {
    const started = performance.now();
    cards.clear();
    const byState = new Map(STATES.map(([s]) => [s, []]));
    for (const issue of [...issues.values()].sort(byIdentifier)) byState.get(issue.state)?.push(issue);
    for (const [state, column] of columns) {
      const fragment = document.createDocumentFragment();
      for (const issue of byState.get(state)) {
        const element = card(issue);
        cards.set(issue.id, element);
        fragment.append(element);
      }
      fill(column.list, fragment);
      updateCount(state);
    }
    timings.boardRenderMs = performance.now() - started;
    board.dataset.rendered = String(issues.size);
  }

  /** Moves or replaces one card, keeping its column sorted by identifier. */
  function place(issue) {
    const previous = cards.get(issue.id);
    // Heartbeat and progress updates change nothing a card shows: leave it (and any focus in it) alone.
    if (previous && previous.dataset.shown === shownOnCard(issue)) return;
    const oldState = previous?.closest('section')?.dataset.state;
    previous?.remove();
    const column = columns.get(issue.state);
    if (!column) return;
    const element = card(issue);
    cards.set(issue.id, element);
    const next = [...column.list.children].find((c) => byIdentifier(c.dataset, issue) > 0);
    column.list.insertBefore(element, next ?? null);
    if (oldState && oldState !== issue.state) updateCount(oldState);
    updateCount(issue.state);
  }

  return live.subscribe(`mission:${missionId}`, (message) => {
    switch (message.type) {
      case 'snapshot':
        revision = message.revision;
        mission = message.mission;
        issues.clear();
        for (const issue of message.issues) issues.set(issue.id, issue);
        provisioning.clear();
        for (const entry of message.provisioning ?? []) provisioning.set(entry.issue_id, entry);
        renderMission();
        renderAll();
        break;
      case 'issue':
        if (message.revision <= revision) return;
        issues.set(message.issue.id, message.issue);
        place(message.issue);
        break;
      case 'provisioning': {
        if (message.revision <= revision) return;
        provisioning.set(message.provisioning.issue_id, message.provisioning);
        const issue = issues.get(message.provisioning.issue_id);
        if (issue) place(issue);
        break;
      }
      case 'mission':
        if (message.revision <= revision) return;
        mission = message.mission;
        renderMission();
        break;
      case 'mission_deleted':
        fill(main, h('h1', { tabindex: '-1' }, 'This mission was removed'));
        break;
      case 'error':
        fill(main, h('h1', { tabindex: '-1' }, 'Mission not found'), h('p', {}, message.error));
        break;
    }
  });
}
