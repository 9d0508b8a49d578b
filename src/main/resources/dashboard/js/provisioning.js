// Provisioning steps as a board's topic carries them (a remote workspace records each step as it happens).

/** The step under way, else the last one recorded; null before the first. */
export function currentStep(steps) {
  if (!steps?.length) return null;
  return steps.findLast((s) => s.status === 'running') ?? steps[steps.length - 1];
}

/** `cloning — https://…` while it runs, `cloning finished` / `cloning failed` after. */
export function stepText(step) {
  if (step.status === 'running') return step.detail ? `${step.name} — ${step.detail}` : step.name;
  return `${step.name} ${step.status}`;
}

/** The steps of `issue`'s current workspace from a board's provisioning map (issue id -> message part). */
export function stepsOf(provisioning, issue) {
  const entry = provisioning.get(issue.id);
  return entry && entry.workspace_id === issue.workspace_id ? entry.steps : [];
}
