/**
 * "A new version of the course is ready — Reload to use it": offered when a new
 * service worker (src/client/service-worker.ts) has installed and is waiting.
 * Loaded by boot.ts only when there is an update, so lesson pages stay light.
 *
 * Never forced: the page keeps running on the version it has until the learner
 * presses the button, which asks the waiting worker to take over (SKIP_WAITING)
 * and reloads once it has (controllerchange). The notice is plain text and a
 * native button in a polite live region: announced without moving focus, reached
 * with Tab, pressed with Enter or Space.
 */

/** What the notice needs of the page; the real ones by default, fakes in tests. */
export interface UpdateEnv {
  doc: Document;
  container: Pick<ServiceWorkerContainer, 'addEventListener' | 'controller'>;
  reload: () => void;
}

export const UPDATE_READY_TEXT = 'A new version of the course is ready — ';
export const UPDATE_BUTTON_TEXT = 'Reload to use it';

interface State {
  reg: ServiceWorkerRegistration;
  notice: HTMLElement | null;
  accepted: boolean;
}
const states = new WeakMap<Document, State>();

function defaultEnv(): UpdateEnv {
  return { doc: document, container: navigator.serviceWorker, reload: () => location.reload() };
}

/**
 * Shows the notice once `reg` has a worker waiting: at once if one is waiting,
 * else when the installing one has installed (nothing if it fails). Safe to call
 * again for the same page (a second update reuses the notice).
 */
export function offerUpdate(reg: ServiceWorkerRegistration, env: UpdateEnv = defaultEnv()): void {
  let state = states.get(env.doc);
  if (!state) {
    const created: State = { reg, notice: null, accepted: false };
    state = created;
    states.set(env.doc, created);
    // Only after the learner accepted: the first worker's clientsClaim, or another
    // tab's update, also changes the controller, and neither may reload this page.
    env.container.addEventListener('controllerchange', () => {
      if (created.accepted) env.reload();
    });
  }
  state.reg = reg;
  const current = state;
  if (reg.waiting) {
    show(current, env);
    return;
  }
  const installing = reg.installing;
  if (!installing) return;
  installing.addEventListener('statechange', () => {
    if (installing.state === 'installed' && reg.waiting) show(current, env);
  });
}

function show(state: State, env: UpdateEnv): void {
  if (state.notice) return;
  const { doc } = env;
  const region = doc.createElement('div');
  region.className = 'notice update-notice';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.dataset.updateNotice = '';
  Object.assign(region.style, {
    position: 'fixed', insetInline: '1rem', bottom: '1rem', zIndex: '50', maxWidth: '32rem', marginInline: 'auto',
    borderLeftColor: 'var(--accent)', boxShadow: '0 2px 10px rgb(0 0 0 / 0.2)',
  });
  doc.body.append(region);
  state.notice = region;
  // Filled once the region is in the page, so screen readers announce it.
  const fill = () => {
    const text = doc.createElement('p');
    text.style.margin = '0';
    text.append(UPDATE_READY_TEXT);
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = UPDATE_BUTTON_TEXT;
    Object.assign(button.style, { font: 'inherit', fontWeight: '600', cursor: 'pointer', padding: '0.2rem 0.6rem', borderRadius: 'var(--radius)', border: '1px solid var(--accent)', background: 'var(--accent)', color: 'var(--accent-fg)' });
    button.addEventListener('click', () => accept(state, env, button));
    text.append(button);
    region.append(text);
  };
  (doc.defaultView ?? globalThis).setTimeout(fill, 50);
}

function accept(state: State, env: UpdateEnv, button: HTMLButtonElement): void {
  button.disabled = true;
  button.textContent = 'Reloading…';
  state.accepted = true;
  const waiting = state.reg.waiting;
  // Another tab may have switched already: then this page only needs the reload.
  if (!waiting) return env.reload();
  waiting.postMessage({ type: 'SKIP_WAITING' });
  // Should the switch not come (the worker failed), reload anyway: the page then runs on what is active.
  (env.doc.defaultView ?? globalThis).setTimeout(env.reload, 5000);
}
