import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offerUpdate, UPDATE_BUTTON_TEXT, UPDATE_READY_TEXT, type UpdateEnv } from './update-notice';

/** Just enough of the DOM for the notice: elements, attributes, children, click listeners. */
class FakeElement {
  children: Array<FakeElement | string> = [];
  attributes: Record<string, string> = {};
  dataset: Record<string, string> = {};
  style: Record<string, string> = {};
  className = '';
  type = '';
  disabled = false;
  private listeners: Record<string, Array<() => void>> = {};
  constructor(readonly tagName: string) {}
  set textContent(text: string) {
    this.children = [text];
  }
  get textContent(): string {
    return this.children.map((c) => (typeof c === 'string' ? c : c.textContent)).join('');
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  append(...nodes: Array<FakeElement | string>) {
    this.children.push(...nodes);
  }
  addEventListener(type: string, fn: () => void) {
    (this.listeners[type] ??= []).push(fn);
  }
  click() {
    if (!this.disabled) for (const fn of this.listeners.click ?? []) fn();
  }
  find(tag: string): FakeElement | undefined {
    for (const c of this.children) {
      if (typeof c === 'string') continue;
      if (c.tagName === tag) return c;
      const inner = c.find(tag);
      if (inner) return inner;
    }
    return undefined;
  }
}

class FakeWorker {
  state: ServiceWorkerState = 'installing';
  messages: unknown[] = [];
  private listeners: Array<() => void> = [];
  postMessage(m: unknown) {
    this.messages.push(m);
  }
  addEventListener(_type: 'statechange', fn: () => void) {
    this.listeners.push(fn);
  }
  become(state: ServiceWorkerState) {
    this.state = state;
    for (const fn of this.listeners) fn();
  }
}

function setup() {
  const body = new FakeElement('body');
  const doc = { body, defaultView: null, createElement: (tag: string) => new FakeElement(tag) };
  const containerListeners: Array<() => void> = [];
  const container = { controller: {}, addEventListener: (_t: string, fn: () => void) => containerListeners.push(fn) };
  const reload = vi.fn();
  const env = { doc, container, reload } as unknown as UpdateEnv;
  const reg: { waiting: ServiceWorker | null; installing: ServiceWorker | null } = { waiting: null, installing: null };
  const controllerChanges = () => containerListeners.forEach((fn) => fn());
  const notices = () => body.children.filter((c): c is FakeElement => typeof c !== 'string' && 'updateNotice' in c.dataset);
  const offer = () => offerUpdate(reg as unknown as ServiceWorkerRegistration, env);
  return { body, env, reg, offer, reload, controllerChanges, notices };
}

describe('the update notice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('appears, as a polite live region with a button, once the new worker has installed', () => {
    const t = setup();
    const worker = new FakeWorker();
    t.reg.installing = worker as unknown as ServiceWorker;
    t.offer();
    expect(t.notices()).toHaveLength(0);
    t.reg.installing = null;
    t.reg.waiting = worker as unknown as ServiceWorker;
    worker.become('installed');
    const [notice] = t.notices();
    expect(notice?.attributes).toMatchObject({ role: 'status', 'aria-live': 'polite' });
    // The text goes in after the region is in the page, so it is announced.
    expect(notice?.textContent).toBe('');
    vi.runAllTimers();
    expect(notice?.textContent).toBe(`${UPDATE_READY_TEXT}${UPDATE_BUTTON_TEXT}`);
    expect(notice?.find('button')?.type).toBe('button');
  });

  it('does not appear when the new worker fails to install', () => {
    const t = setup();
    const worker = new FakeWorker();
    t.reg.installing = worker as unknown as ServiceWorker;
    t.offer();
    worker.become('redundant');
    expect(t.notices()).toHaveLength(0);
  });

  it('is never forced: a controller change before the learner accepts reloads nothing', () => {
    const t = setup();
    t.reg.waiting = new FakeWorker() as unknown as ServiceWorker;
    t.offer();
    t.controllerChanges();
    vi.advanceTimersByTime(10_000);
    expect(t.reload).not.toHaveBeenCalled();
  });

  it('Reload asks the waiting worker to take over, and reloads when it has', () => {
    const t = setup();
    const worker = new FakeWorker();
    t.reg.waiting = worker as unknown as ServiceWorker;
    t.offer();
    t.offer(); // a second call reuses the notice
    vi.advanceTimersByTime(100);
    expect(t.notices()).toHaveLength(1);
    const button = t.notices()[0]!.find('button')!;
    button.click();
    expect(worker.messages).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(button.disabled).toBe(true);
    expect(t.reload).not.toHaveBeenCalled();
    t.controllerChanges();
    expect(t.reload).toHaveBeenCalledTimes(1);
  });

  it('reloads at once when another tab has already switched to the new version', () => {
    const t = setup();
    t.reg.waiting = new FakeWorker() as unknown as ServiceWorker;
    t.offer();
    vi.advanceTimersByTime(100);
    t.reg.waiting = null;
    t.notices()[0]!.find('button')!.click();
    expect(t.reload).toHaveBeenCalledTimes(1);
  });
});
