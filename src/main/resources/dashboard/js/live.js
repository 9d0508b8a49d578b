// The /ws client: topic subscriptions that survive reconnects (docs/websocket.md).
import { token } from './api.js';

const MAX_BACKOFF_MS = 5000;

export class Live {
  /** @param onState called with 'live' | 'reconnecting' | 'offline' */
  constructor(onState) {
    this.onState = onState;
    this.topics = new Map(); // topic -> { handler, after }
    this.socket = null;
    this.backoff = 250;
    this.stopped = false;
  }

  connect() {
    this.stopped = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const current = token();
    const query = current ? `?token=${encodeURIComponent(current)}` : '';
    const socket = new WebSocket(`${scheme}://${location.host}/ws${query}`);
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = 250;
      // Resubscribe everything; a session topic resumes after the last row it holds, so nothing repeats.
      for (const [topic, entry] of this.topics) this.send(topic, entry);
    };
    socket.onmessage = (message) => this.dispatch(JSON.parse(message.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onState(this.stopped ? 'offline' : 'reconnecting');
      if (!this.stopped) {
        setTimeout(() => this.connect(), this.backoff);
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      }
    };
  }

  /** `after` (optional) returns the highest row sequence already held, for session topics. */
  subscribe(topic, handler, after = () => 0) {
    const entry = { handler, after };
    this.topics.set(topic, entry);
    this.send(topic, entry);
    return () => this.unsubscribe(topic, entry);
  }

  unsubscribe(topic, entry) {
    if (this.topics.get(topic) !== entry) return;
    this.topics.delete(topic);
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'unsubscribe', topic }));
    }
  }

  send(topic, entry) {
    // Messages of an earlier subscription to the same topic may still be on their way; a handler hears
    // nothing until its own snapshot (or error) has come.
    entry.ready = false;
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'subscribe', topic, after: entry.after() }));
    }
  }

  dispatch(message) {
    if (message.type === 'hello') {
      this.onState('live');
      return;
    }
    const entry = message.topic ? this.topics.get(message.topic) : null;
    if (!entry) return;
    if (message.type === 'snapshot' || message.type === 'error') entry.ready = true;
    if (entry.ready) entry.handler(message);
  }

  stop() {
    this.stopped = true;
    this.socket?.close(1000, 'bye');
  }
}
