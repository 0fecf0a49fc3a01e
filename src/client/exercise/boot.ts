/**
 * The only script a lesson page loads up front (a few kB): progress ticks in
 * the navigation, the learner's saved work in place of the start file, and the
 * trigger that loads the exercise — Monaco included — when the learner scrolls
 * near it, focuses it, or opens a share link.
 */
import { showProgress } from '../show-progress';
import { browserStorage, Store } from '../store';
import type { TerminalQueue } from './terminal-panel';

// Loaded once for the page; the exercise takes it over (and follows other tabs from then on).
const store = showProgress(document, new Store(browserStorage()));

// Served by a class server (`stagecraft class` adds this tag to its HTML): the Join class panel. Never loaded otherwise.
if (document.querySelector('meta[name="stagecraft-class"]')) import('../class/join').catch(() => {});

/**
 * Resolves once the learner does something: presses a key, touches, clicks,
 * wheels, or scrolls after the page has loaded. A page that opens with the
 * exercise already in view (a link to #exercise) stays light until then, so
 * reading is never held up by Monaco's start-up.
 */
const learnerActed = new Promise<void>((resolve) => {
  const done = () => resolve();
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) addEventListener(type, done, { once: true, passive: true, capture: true });
  const armScroll = () => window.setTimeout(() => addEventListener('scroll', done, { once: true, passive: true }), 300);
  if (document.readyState === 'complete') armScroll();
  else addEventListener('load', armScroll, { once: true });
});

/**
 * Saved work, shown before the editor loads: the static view of each file says
 * what the learner wrote, never the start file as if the work were gone. Text
 * only (textContent), as everywhere the learner's text is shown.
 */
function showSavedWork(section: HTMLElement): void {
  const saved = store.lesson(section.dataset.exercise ?? '').files;
  for (const stat of section.querySelectorAll<HTMLElement>('[data-editor-static]')) {
    const name = stat.dataset.editorStatic ?? '';
    const text = saved[name];
    const code = stat.querySelector('pre code') ?? stat.querySelector('pre');
    if (text === undefined || !code) continue;
    if ((code.textContent ?? '').trimEnd() === text.trimEnd()) continue;
    code.textContent = text;
    stat.classList.add('saved-work');
    const label = stat.parentElement?.querySelector<HTMLElement>('.file-label');
    if (label) label.textContent = `${name} (your saved work)`;
  }
}

const section = document.querySelector<HTMLElement>('[data-exercise]');
if (section) {
  showSavedWork(section);
  let started = false;
  let settled = false;
  const start = async (now = false) => {
    if (started) return;
    started = true;
    if (!now) await learnerActed;
    section.setAttribute('aria-busy', 'true');
    import('./app')
      .then((m) => m.startExercise(section, store, terminalQueue))
      .catch((e: unknown) => {
        const box = section.querySelector<HTMLElement>('[data-storage-notice]');
        if (box) {
          box.textContent = `The interactive exercise could not load (${(e as Error)?.message ?? String(e)}). The task, goals and hints still work; reload to try again.`;
          box.hidden = false;
        }
      })
      .finally(() => {
        settled = true;
        section.removeAttribute('aria-busy');
      });
  };
  if ('IntersectionObserver' in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        void start();
      }
    }, { rootMargin: '600px 0px' });
    io.observe(section);
  } else void start();
  section.addEventListener('focusin', () => void start(), { once: true });
  section.addEventListener('pointerdown', () => void start(), { once: true });
  // Tab on the start file while the editor loads: stay (app.ts then moves focus into the editor),
  // so one pass of Tab reaches it (never past it, never trapped: at most a few seconds).
  let heldAt = 0;
  section.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || settled || (heldAt && Date.now() - heldAt > 8000)) return;
    const stat = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-editor-static]');
    if (!stat || section.classList.contains('is-interactive')) return;
    e.preventDefault();
    if (!heldAt) {
      heldAt = Date.now();
      const live = section.querySelector<HTMLElement>('[data-announce]');
      if (live) live.textContent = 'Loading the editor…';
    }
  });
  // "Run in the terminal" buttons in the lesson text: they start the exercise (the terminal
  // lives there) and run their command once it is open. Without JavaScript they stay hidden.
  const terminalQueue: TerminalQueue = { items: [], handler: null };
  for (const b of document.querySelectorAll<HTMLElement>('[data-terminal-run]')) b.hidden = false;
  document.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-terminal-run]');
    const command = button?.dataset.terminalRun;
    if (!command) return;
    if (terminalQueue.handler) terminalQueue.handler(command);
    else {
      terminalQueue.items.push(command);
      void start(true);
    }
  });
  // A share link is opened to look at the shared Dockerfile: start at once.
  if (location.hash.startsWith('#share=')) void start(true);
}

// Offline (README "Offline"): once the page has loaded, the service worker (/sw.js, from
// src/client/service-worker.ts) precaches the course. A new version waits until the learner
// accepts it in ../update-notice, loaded only when there is one. `astro dev` has no /sw.js.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const sw = navigator.serviceWorker;
  const register = () =>
    void sw.register('/sw.js').then((reg) => {
      const offer = () => void (sw.controller && import('../update-notice').then((m) => m.offerUpdate(reg), () => {}));
      if (reg.waiting) offer();
      reg.addEventListener('updatefound', offer);
    }, () => {});
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
