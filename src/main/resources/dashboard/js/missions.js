// The start page: every mission with its issue counts, live on the dashboard topic.
import { h, fill } from './dom.js';
import { LABELS } from './states.js';
import { enc } from './api.js';

/** What the page shows of a mission: a poll (every few seconds) changes none of it and redraws nothing. */
const shown = (m) => JSON.stringify([m.name, m.paused, m.parse_error, m.issues]);

export function missionsView(main, live) {
  const missions = new Map();
  let drawn = null;
  const list = h('ul', { class: 'missions', 'aria-label': 'Missions' });
  fill(main, h('h1', { tabindex: '-1' }, 'Missions'), list);

  function render() {
    const now = JSON.stringify([...missions.values()].map(shown));
    if (now === drawn) return; // keep focus and the page as they are
    drawn = now;
    if (missions.size === 0) {
      fill(list, h('li', {}, 'No missions yet. Add one with: orbitdock mission add <repo>'));
      return;
    }
    fill(list, ...[...missions.values()].map((m) => h('li', {},
      h('h2', {}, h('a', { href: `#/missions/${enc(m.id)}` }, m.name)),
      m.paused ? h('span', { class: 'badge paused' }, 'paused') : null,
      m.parse_error ? h('span', { class: 'badge error' }, 'MISSION.md has problems') : null,
      h('p', { class: 'counts' }, Object.entries(m.issues).map(([s, n]) => `${LABELS[s] ?? s}: ${n}`).join(' · ')
        || 'no issues yet'))));
  }

  return live.subscribe('dashboard', (message) => {
    if (message.type === 'snapshot') {
      missions.clear();
      for (const m of message.missions) missions.set(m.id, m);
    } else if (message.type === 'mission') {
      missions.set(message.mission.id, message.mission);
    } else if (message.type === 'mission_deleted') {
      missions.delete(message.id);
    }
    render();
  });
}
