/**
 * The exercise's panels that read the session's checks: the goals (with completion,
 * announced politely), the problems list (what Docker, hadolint and Stagecraft would
 * report, for screen readers and everyone) and the hints, one at a time. Each mounts
 * on the lesson page's markup (src/components/ExerciseSlot.astro) and exposes `show`.
 */
import type { ExerciseData } from '../../lessons/exercise-data';
import type { SyncedStore } from '../store-sync';
import { $, announce, h } from './dom';
import type { CheckView, DiagnosticView } from './protocol';

export interface GoalsPanelOptions {
  section: HTMLElement;
  announcer: HTMLElement;
  store: SyncedStore;
  lessonId: string;
  data: ExerciseData;
  /** Called after the goals changed what is saved (the page schedules a save). */
  onChange: () => void;
}

export function mountGoalsPanel({ section, announcer, store, lessonId, data, onChange }: GoalsPanelOptions) {
  const goalItems = [...section.querySelectorAll<HTMLElement>('[data-goal]')];
  const completeBox = $(section, '[data-complete]');
  let lastMet: boolean[] | null = null;
  let lastMetKnown = false;
  const show = (check: CheckView) => {
    const met = check.goals.map((g) => g.met);
    check.goals.forEach((g, i) => {
      const li = goalItems[i];
      if (!li) return;
      li.classList.toggle('met', g.met);
      li.classList.toggle('pending', g.pending);
      li.classList.toggle('unknown', g.unknown);
      $(li, '.goal-mark').textContent = g.met ? '✓' : g.pending ? '…' : g.unknown ? '?' : '○';
      $(li, '.goal-state').textContent = g.met ? ' (met)' : g.pending ? ' (not checked yet: run a build)' : g.unknown ? ' (unknown: Stagecraft cannot tell)' : ' (not met)';
      $(li, '.goal-detail').textContent = g.detail;
    });
    if (lastMet) {
      const changed = check.goals.filter((g, i) => g.met !== lastMet![i]);
      if (changed.length) announce(announcer, changed.map((g) => `${g.title}: ${g.met ? 'met' : 'not met'}`).join('. '));
    }
    const wasAll = lastMet !== null && lastMet.length > 0 && lastMet.every(Boolean);
    lastMet = met;
    const all = met.length > 0 && met.every(Boolean);
    store.update(lessonId, (s) => {
      s.goals = Object.fromEntries(check.goals.map((g) => [g.id, g.met]));
      if (all) s.complete = true;
    });
    // The box says "every goal is met": it shows only while that is true. The lesson stays
    // completed in the course navigation once it has been.
    completeBox.hidden = !all;
    if (all) markNavComplete(lessonId);
    if (all && !wasAll && lastMetKnown) announce(announcer, `Every goal is met. Lesson complete.${data.next ? ` Next: ${data.next.title}.` : ''}`);
    lastMetKnown = true;
    onChange();
  };
  return {
    show,
    /** Reset: the box goes until the next check says every goal is met again. */
    hideComplete: () => void (completeBox.hidden = true),
  };
}

/** Ticks the lesson in the course navigation once it is complete. */
function markNavComplete(id: string): void {
  const tick = document.querySelector<HTMLElement>(`[data-progress-tick="${CSS.escape(id)}"]`);
  if (tick) {
    tick.textContent = '✓';
    tick.title = 'Completed';
    tick.setAttribute('aria-hidden', 'true');
  }
}

export function mountDiagnosticsPanel(section: HTMLElement) {
  const diagBox = $(section, '[data-diagnostics]');
  const diagList = $(section, '[data-diagnostics-list]');
  const diagRow = (d: DiagnosticView) =>
    h(
      'li',
      { class: `diag ${d.severity}` },
      `Line ${d.line}: ${d.severity} — ${d.message}`,
      d.refs.length ? ` [${d.refs.join(', ')}]` : '',
      d.also.length ? ` (hadolint’s ${d.also.join(', ')} says the same)` : '',
      ' ',
      d.lessonHref && d.lessonHref !== location.pathname ? h('a', { href: d.lessonHref }, 'lesson') : null,
      d.url ? ' ' : null,
      d.url ? h('a', { href: d.url, rel: 'noopener', target: '_blank' }, 'reference') : null,
    ) as HTMLElement;
  const diagGroup = (id: string, title: string, note: string, rows: HTMLElement[]) =>
    rows.length
      ? h('div', { class: 'diag-group' }, h('h4', { id }, title), h('p', { class: 'figure-note' }, note), h('ul', { 'aria-labelledby': id }, ...rows))
      : null;
  const show = (check: CheckView) => {
    diagBox.hidden = false;
    const docker = [
      ...check.contextErrors.map((e) => h('li', { class: 'diag error' }, `Error: ${e}`)),
      ...(check.contextWarnings ?? []).map((w) => h('li', { class: 'diag warning' }, `Warning: ${w}`)),
      ...check.diagnostics.filter((d) => d.source === 'docker').map(diagRow),
    ];
    const hadolint = check.diagnostics.filter((d) => d.source === 'hadolint').map(diagRow);
    const stagecraft = check.diagnostics.filter((d) => d.source === 'stagecraft').map(diagRow);
    diagList.replaceChildren(
      ...([
        diagGroup('diagnostics-docker', 'Docker would report', 'Its parser, BuildKit’s build checks (docker build --check) and the errors that stop a build.', docker),
        diagGroup('diagnostics-hadolint', 'hadolint would report', 'hadolint is a Dockerfile linter; Docker does not run it, but its rules catch habits that bite.', hadolint),
        diagGroup('diagnostics-stagecraft', 'Stagecraft’s own limits', 'Not Docker’s checks: where Stagecraft stops simulating, so as never to hang.', stagecraft),
      ].filter(Boolean) as HTMLElement[]),
    );
    if (diagList.childElementCount === 0) diagList.append(h('p', { class: 'diag none' }, 'No problems found.'));
  };
  return { show };
}

export interface HintsPanelOptions {
  section: HTMLElement;
  store: SyncedStore;
  lessonId: string;
  onChange: () => void;
}

/** Hints one at a time; the button never counts past the last one. */
export function mountHintsPanel({ section, store, lessonId, onChange }: HintsPanelOptions) {
  const hintBox = $(section, '[data-hints]');
  const hintDetails = [...hintBox.querySelectorAll<HTMLDetailsElement>('[data-hint]')];
  const total = hintDetails.length;
  const hintList = h('ol', { class: 'hint-list' });
  const hintButton = h('button', { type: 'button', class: 'button', 'data-hint-button': '' });
  const showHints = (shown: number) => {
    const n = Math.max(0, Math.min(total, shown));
    hintList.replaceChildren(...hintDetails.slice(0, n).map((d) => h('li', {}, d.querySelector('p')?.textContent ?? '')));
    hintButton.hidden = total === 0;
    hintButton.disabled = n >= total;
    hintButton.textContent = n < total ? `Show a hint (${n + 1} of ${total})` : total === 1 ? 'The hint is shown' : `All ${total} hints are shown`;
  };
  hintDetails.forEach((d) => (d.hidden = true));
  hintBox.append(hintList, hintButton);
  showHints(store.lesson(lessonId).hintsShown);
  hintButton.addEventListener('click', () => {
    const l = store.update(lessonId, (s) => void (s.hintsShown = Math.min(total, s.hintsShown + 1)));
    showHints(l.hintsShown);
    onChange();
    (hintList.lastElementChild as HTMLElement | null)?.setAttribute('tabindex', '-1');
    (hintList.lastElementChild as HTMLElement | null)?.focus();
  });
  return {
    /** Another tab showed more hints: follow it. */
    follow(shown: number) {
      if (hintList.childElementCount !== Math.min(total, shown)) showHints(shown);
    },
  };
}
