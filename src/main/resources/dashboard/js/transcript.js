// A session transcript: rows kept in sequence order, rendered as typed rows in a virtual list, following live.
import { h } from './dom.js';
import { VirtualList } from './virtual-list.js';

/** What a row is, from its row_type or, for an agent's JSON "event" row, from the event's own type. */
export function rowKind(row) {
  const payload = row.payload ?? {};
  const type = row.row_type === 'event' && typeof payload.type === 'string' ? payload.type : row.row_type;
  switch (type) {
    case 'assistant': case 'assistant_text': case 'message': case 'text': return 'text';
    case 'tool_call': case 'tool_use': return 'tool';
    case 'tool_result': return 'tool_result';
    case 'error': case 'stderr': return 'error';
    case 'usage': return 'usage';
    case 'output': case 'stdout': return 'output';
    default: return 'event';
  }
}

function text(payload) {
  const value = payload.text ?? payload.content ?? payload.message ?? payload.error;
  return typeof value === 'string' ? value : JSON.stringify(value ?? payload);
}

function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function usageText(p) {
  const parts = [];
  if (p.input_tokens != null) parts.push(`${Number(p.input_tokens).toLocaleString()} in`);
  if (p.output_tokens != null) parts.push(`${Number(p.output_tokens).toLocaleString()} out`);
  if (p.cached_input_tokens != null) parts.push(`${Number(p.cached_input_tokens).toLocaleString()} cached`);
  if (p.cost_usd != null) parts.push(`$${Number(p.cost_usd).toFixed(4)}`);
  return parts.join(' · ') || JSON.stringify(p);
}

export class Transcript {
  constructor(viewport) {
    this.rows = [];
    this.indexBySequence = new Map();
    this.expanded = new Set(); // row ids of opened tool calls
    this.list = new VirtualList(viewport, (row) => this.render(row));
  }

  lastSequence() {
    return this.rows.length ? this.rows[this.rows.length - 1].sequence : 0;
  }

  /** Adds rows in any order: a known sequence is replaced (an upsert), a new one appended in order. */
  add(rows) {
    const appended = [];
    for (const row of rows) {
      const index = this.indexBySequence.get(row.sequence);
      if (index !== undefined) {
        this.rows[index] = { ...row, created_at: row.created_at ?? this.rows[index].created_at };
        this.list.replace(index, this.rows[index]);
      } else if (row.sequence > this.lastSequence()) {
        this.indexBySequence.set(row.sequence, this.rows.length);
        this.rows.push(row);
        appended.push(row);
      }
    }
    this.list.append(appended);
  }

  render(row) {
    const kind = rowKind(row);
    const p = row.payload ?? {};
    const head = [h('span', { class: 'seq' }, `#${row.sequence}`)];
    switch (kind) {
      case 'text':
        return h('div', { class: 'row row-text' }, head, h('span', { class: 'kind' }, p.role ?? 'assistant'), h('p', {}, text(p)));
      case 'output':
        return h('div', { class: 'row row-output' }, head, h('span', { class: 'kind' }, 'output'), h('p', {}, text(p)));
      case 'error':
        return h('div', { class: 'row row-error' }, head, h('span', { class: 'kind' }, 'error'), h('p', {}, text(p)));
      case 'usage':
        return h('div', { class: 'row row-usage' }, head, h('span', { class: 'kind' }, 'usage'), h('p', {}, usageText(p)));
      case 'tool':
        return this.collapsible(row, head, `Tool call: ${p.name ?? p.tool ?? 'tool'}`,
          [['Input', p.input ?? p.arguments], ['Result', p.result ?? p.output]]);
      case 'tool_result':
        return this.collapsible(row, head, `Tool result${p.name ? `: ${p.name}` : ''}`,
          [['Result', p.result ?? p.output ?? p.content]]);
      default:
        return this.collapsible(row, head, `Event: ${p.type ?? row.row_type}`, [['Payload', p]]);
    }
  }

  collapsible(row, head, label, sections) {
    const open = this.expanded.has(row.id);
    const bodyId = `row-body-${row.sequence}`;
    const toggle = h('button', { type: 'button', 'aria-expanded': String(open), 'aria-controls': bodyId },
      `${open ? '▾' : '▸'} ${label}`);
    const body = h('div', { class: 'body', id: bodyId, hidden: !open },
      sections.filter(([, value]) => value !== undefined).map(([title, value]) => [h('h3', {}, title), h('pre', {}, pretty(value))]));
    // Toggled in place, so keyboard focus stays on the button; the list re-measures the row on its next frame.
    toggle.addEventListener('click', () => {
      const opening = !this.expanded.has(row.id);
      if (opening) this.expanded.add(row.id);
      else this.expanded.delete(row.id);
      body.hidden = !opening;
      toggle.setAttribute('aria-expanded', String(opening));
      toggle.textContent = `${opening ? '▾' : '▸'} ${label}`;
      this.list.schedule();
    });
    return h('div', { class: `row row-tool${rowKind(row) === 'tool_result' ? ' row-result' : ''}` }, head, toggle, body);
  }
}
