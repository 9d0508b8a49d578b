// A session panel: status and usage, then the transcript, live on the session's topic.
import { h, fill, time } from './dom.js';
import { Transcript } from './transcript.js';

function usage(u) {
  if (!u) return '—';
  return `${u.input_tokens.toLocaleString()} in · ${u.output_tokens.toLocaleString()} out · `
    + `${u.cached_input_tokens.toLocaleString()} cached · $${Number(u.cost_usd).toFixed(4)}`;
}

/** Fills `panel` with the session's transcript; returns the unsubscribe function. */
export function sessionPanel(panel, live, sessionId, timings) {
  const started = performance.now();
  const heading = h('h2', { id: 'transcript-heading' }, 'Transcript');
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const fields = h('dl', { class: 'fields' });
  const viewport = h('div', { class: 'transcript', tabindex: '0', 'aria-labelledby': 'transcript-heading',
    dataset: { complete: 'false' } });
  fill(panel, h('div', { class: 'transcript-head' }, heading, status), fields, viewport);
  const transcript = new Transcript(viewport);

  function showSession(s) {
    fill(fields, 
      h('dt', {}, 'Session'), h('dd', {}, h('a', { href: `#/sessions/${encodeURIComponent(s.id)}` }, s.id)),
      h('dt', {}, 'Status'), h('dd', {}, s.status + (s.end_reason ? ` (${s.end_reason})` : '')),
      h('dt', {}, 'Agent'), h('dd', {}, [s.provider, s.model].filter(Boolean).join(' · ')),
      h('dt', {}, 'Started'), h('dd', {}, time(s.started_at)),
      h('dt', {}, 'Ended'), h('dd', {}, time(s.ended_at)),
      h('dt', {}, 'Usage'), h('dd', { class: 'usage' }, usage(s.usage)));
  }

  function showCount() {
    status.textContent = `${transcript.rows.length.toLocaleString()} rows`
      + (transcript.list.following ? ' · following' : '');
  }
  viewport.addEventListener('rendered', showCount);

  return live.subscribe(`session:${sessionId}`, (message) => {
    switch (message.type) {
      case 'snapshot':
        if (message.session) showSession(message.session);
        else if (message.complete) fill(fields, h('p', { class: 'muted' }, 'Waiting for the agent to start…'));
        transcript.add(message.rows);
        if (message.complete && viewport.dataset.complete !== 'true') {
          viewport.addEventListener('rendered', () => {
            timings.transcriptOpenMs = performance.now() - started;
          }, { once: true });
          viewport.dataset.complete = 'true';
        }
        break;
      case 'row':
        transcript.add([message.row]);
        break;
      case 'session':
        showSession(message.session);
        break;
      case 'error':
        status.textContent = message.error;
        break;
    }
  }, () => transcript.lastSequence());
}
