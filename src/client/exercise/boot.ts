/**
 * The only script a lesson page loads up front (a few kB): progress ticks in
 * the navigation, and the trigger that loads the exercise — Monaco included —
 * when the learner scrolls near it, focuses it, or opens a share link.
 */
import { showProgress } from '../show-progress';

showProgress(document);

const section = document.querySelector<HTMLElement>('[data-exercise]');
if (section) {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
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
        start();
      }
    }, { rootMargin: '600px 0px' });
    io.observe(section);
  } else start();
  section.addEventListener('focusin', start, { once: true });
  section.addEventListener('pointerdown', start, { once: true });
  if (location.hash.startsWith('#share=')) start();
}
