/**
 * The only script a lesson page loads up front (a few kB): progress ticks in
 * the navigation, and the trigger that loads the exercise — Monaco included —
 * when the learner scrolls near it, focuses it, or opens a share link.
 */
import { showProgress } from '../show-progress';

showProgress(document);

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

const section = document.querySelector<HTMLElement>('[data-exercise]');
if (section) {
  let started = false;
  const start = async (now = false) => {
    if (started) return;
    started = true;
    if (!now) await learnerActed;
    section.setAttribute('aria-busy', 'true');
    import('./app')
      .then((m) => m.startExercise(section))
      .catch((e: unknown) => {
        const box = section.querySelector<HTMLElement>('[data-storage-notice]');
        if (box) {
          box.textContent = `The interactive exercise could not load (${(e as Error)?.message ?? String(e)}). The task, goals and hints still work; reload to try again.`;
          box.hidden = false;
        }
      })
      .finally(() => section.removeAttribute('aria-busy'));
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
  // A share link is opened to look at the shared Dockerfile: start at once.
  if (location.hash.startsWith('#share=')) void start(true);
}
