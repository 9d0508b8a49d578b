// Orchestration states in board order (the server's OrchestrationState), with what people read.
export const STATES = [
  ['queued', 'Queued'],
  ['claimed', 'Claimed'],
  ['provisioning', 'Provisioning'],
  ['running', 'Running'],
  ['retry_queued', 'Retry queued'],
  ['completed', 'Completed'],
  ['failed', 'Failed'],
  ['blocked', 'Blocked'],
  ['stalled', 'Stalled'],
];

export const LABELS = Object.fromEntries(STATES);

/** What a person can do next, by target state of a manual transition. */
export const ACTIONS = {
  queued: 'Retry',
  blocked: 'Block',
  completed: 'Complete',
  failed: 'Fail',
};

export function byIdentifier(a, b) {
  return a.identifier.localeCompare(b.identifier, undefined, { numeric: true });
}
