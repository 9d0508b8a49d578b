// "Destroy workspace" with a confirm step, shared by the workspaces page and an issue's workspace panel.
import { h, fill, toast } from './dom.js';
import { del, enc } from './api.js';

/**
 * The control for a workspace that is not destroyed yet (null for one that is). The page redraws the workspace
 * from its topic once the server has destroyed it; a refusal stays on screen next to the buttons.
 */
export function destroyControl(w) {
  if (w.destroyed_at) return null;
  const container = h('div', { class: 'destroy', dataset: { destroy: w.id } });
  const error = h('p', { class: 'error', role: 'alert' });

  function initial() {
    const button = h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Destroy workspace ${w.id}` },
      'Destroy…');
    button.addEventListener('click', ask);
    fill(container, button, error);
    return button;
  }

  function ask() {
    error.textContent = '';
    const confirm = h('button', { type: 'button', class: 'danger', dataset: { confirm: 'destroy' } }, 'Destroy');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const question = h('span', { id: `destroy-q-${w.id}` },
      `Destroy workspace ${w.id}? ${w.mission_issue_id ? 'An agent running there is stopped (its issue fails) and the'
        + ' workspace removed. ' : ''}Its sync token is revoked at once; this cannot be undone.`);
    confirm.setAttribute('aria-describedby', question.id);
    let busy = false;
    // Not `disabled` while the request runs: a disabled button drops the focus, and the page keeps it in place.
    confirm.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      confirm.setAttribute('aria-busy', 'true');
      try {
        await del(`/api/workspaces/${enc(w.id)}`);
        toast(`Workspace ${w.id} destroyed`);
      } catch (failure) {
        error.textContent = `The server did not destroy ${w.id}: ${failure.message}`;
      } finally {
        busy = false;
        confirm.removeAttribute('aria-busy');
      }
    });
    cancel.addEventListener('click', () => {
      if (!busy) initial().focus();
    });
    fill(container, question, confirm, cancel, error);
    cancel.focus(); // the safe choice has the focus; Destroy is one Tab back
  }

  initial();
  return container;
}
