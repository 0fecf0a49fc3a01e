/**
 * The exercise, once the learner is near it: loads the exercise data and the
 * engine worker, swaps the static start files for Monaco, keeps goals,
 * problems, hints, solution, reset, share, build and saved work in step.
 */
import type { ExerciseData } from '../../lessons/exercise-data';
import { decodeShare, encodeShare } from '../share';
import { renderTicks } from '../show-progress';
import { browserStorage, type Store } from '../store';
import { SyncedStore } from '../store-sync';
import { ConflictPanel, StorageNotices } from './storage-ui';
import { mountAdvicePanel } from './advice-panel';
import { mountBuildPanel } from './build-panel';
import { $, announce, h } from './dom';
import { shareControls } from './share-controls';
import { targetChooser } from './target-choice';
import type { DiffHandle, EditorHandle } from './monaco';
import { EngineClient } from './engine-client';
import { mountTerminalPanel, type TerminalQueue } from './terminal-panel';
import { ExerciseSession } from './session';
import { publishExercise } from './session-hub';
import { mountDiagnosticsPanel, mountGoalsPanel, mountHintsPanel } from './panels';

export type { TerminalQueue };

/**
 * `bootStore`: the store the page's first script loaded (what its load found is shown again here).
 * `terminalQueue`: "Run in the terminal" commands clicked before the exercise loaded, and where later ones go.
 */
export async function startExercise(section: HTMLElement, bootStore?: Store, terminalQueue?: TerminalQueue): Promise<void> {
  const lessonId = section.dataset.exercise!;
  const announcer = $(section, '[data-announce]');
  const storageBox = $(section, '[data-storage-notice]');
  const storageNotices = new StorageNotices(storageBox);

  const store = new SyncedStore(browserStorage());
  const loaded = [...(bootStore?.loadNotices ?? []), ...store.load()];
  // An edit too big to keep, on an earlier visit: said until this lesson saves again.
  const notSaved = store.lesson(lessonId).notSaved;
  let notSavedShown = notSaved !== null;
  storageNotices.show('load', notSaved ? [...loaded, { kind: 'not-saved-earlier', ...notSaved }] : loaded);

  let data: ExerciseData;
  try {
    const res = await fetch(section.dataset.exerciseSrc!);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    data = (await res.json()) as ExerciseData;
  } catch (e) {
    storageBox.textContent = `The interactive exercise could not load (${(e as Error).message}). The task, goals and hints above still work; reload to try again.`;
    storageBox.hidden = false;
    return;
  }

  const saved = store.lesson(lessonId);
  const files: Record<string, string> = {};
  for (const name of data.editable) files[name] = saved.files[name] ?? data.start[name] ?? '';

  // The engine's watchdog speaks here (a check over its time limit, a restarted worker);
  // the last good goals and problems stay on screen beside it.
  const engineNotice = h('p', { class: 'engine-notice notice', role: 'alert', 'data-engine-notice': '', hidden: true });
  $(section, '[data-diagnostics]').before(engineNotice);
  const showEngineNotice = (message: string | null) => {
    engineNotice.textContent = message ?? '';
    engineNotice.hidden = message === null;
  };
  // A build's own notice goes to the build panel (see runBuild), and so does the suggestions'.
  const engine = new EngineClient({ onNotice: (n) => void ((n.reason === 'stopped' || (n.kind !== 'build' && n.kind !== 'suggest')) && showEngineNotice(n.message)) });
  const ready = engine.send({ type: 'init', data });
  const monacoModule = import('./monaco');

  // ---- saving ---------------------------------------------------------------------
  let saveTimer = 0;
  const persist = (final = false) => {
    window.clearTimeout(saveTimer);
    const notices = store.save({ final });
    if (notSavedShown && !store.lesson(lessonId).notSaved) {
      notSavedShown = false;
      storageNotices.show('load', loaded);
    }
    storageNotices.show('save', notices);
  };
  const scheduleSave = () => {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(persist, 400);
  };
  // Set while the editor takes text from another tab (not an edit of this one's).
  let applyingRemote = false;
  window.addEventListener('pagehide', () => persist(true));
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && persist());

  // ---- the panels that read the session's checks ------------------------------------------
  const goalsPanel = mountGoalsPanel({ section, announcer, store, lessonId, data, onChange: () => scheduleSave() });
  const diagnosticsPanel = mountDiagnosticsPanel(section);

  // ---- editors ------------------------------------------------------------------------------
  const { createEditors } = await monacoModule;
  const hosts = new Map<string, HTMLElement>();
  // A learner who Tabbed onto the start file while the editor loaded lands in the editor.
  let focusTarget: string | null = null;
  for (const stat of section.querySelectorAll<HTMLElement>('[data-editor-static]')) {
    if (stat.contains(document.activeElement)) focusTarget = stat.dataset.editorStatic ?? null;
  }
  const statics = new Map<string, HTMLElement>();
  for (const name of data.editable) {
    const host = section.querySelector<HTMLElement>(`[data-editor-host="${CSS.escape(name)}"]`)!;
    statics.set(name, section.querySelector<HTMLElement>(`[data-editor-static="${CSS.escape(name)}"]`)!);
    host.hidden = false;
    host.style.height = `${Math.max(12, Math.min(30, files[name]!.split('\n').length + 3)) * 1.5}em`;
    hosts.set(name, host);
  }
  let editor: EditorHandle;
  try {
    editor = createEditors(hosts, files, store.state.settings.fontSize);
  } catch (e) {
    for (const host of hosts.values()) host.hidden = true;
    storageBox.textContent = `The editor could not start (${(e as Error).message}). The task, goals and hints still work.`;
    storageBox.hidden = false;
    return;
  }
  // Focus moves before the static view goes, so it never falls back to the top of the page.
  if (focusTarget && hosts.has(focusTarget)) {
    editor.focus(focusTarget);
    // A Tab pressed while the editor was being made asked for the editor: it must not move past it.
    const handedOver = performance.now();
    const swallow = (e: KeyboardEvent) => {
      if (e.key === 'Tab' && !e.shiftKey && e.timeStamp <= handedOver) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', swallow, true);
    window.setTimeout(() => window.removeEventListener('keydown', swallow, true), 3000);
  }
  for (const [name, stat] of statics) {
    stat.hidden = true;
    const label = section.querySelector(`[data-editor-file="${CSS.escape(name)}"] .file-label`);
    if (label) label.textContent = name;
  }

  // ---- checking as you type --------------------------------------------------------------------
  await ready;
  let checkTimer = 0;
  const currentFiles = () => Object.fromEntries(data.editable.map((n) => [n, editor.getValue(n)]));
  const session = new ExerciseSession(data, engine, currentFiles);
  session.on('check', (result) => {
    showEngineNotice(null);
    editor.setDiagnostics('Dockerfile', result.diagnostics);
    goalsPanel.show(result);
    diagnosticsPanel.show(result);
    showTargets(result.stages);
  });
  // Over the time limit, a crash, an internal error: the last good result stays, the notice says why.
  session.on('checkFailed', (message) => showEngineNotice(message));
  const check = () => session.check();
  editor.onChange((name) => {
    if (!applyingRemote) {
      store.update(lessonId, (s) => void (s.files[name] = editor.getValue(name)));
      scheduleSave();
    }
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, 250);
  });

  // ---- toolbar ---------------------------------------------------------------------------------
  const toolbar = $(section, '[data-toolbar]');
  toolbar.hidden = false;
  const buildButton = h('button', { type: 'button', class: 'button primary', 'aria-keyshortcuts': 'Control+Enter Meta+Enter' }, 'Build');
  const targetSelect = h('select', { class: 'target-select', 'data-target-select': '' });
  const targetChoice = h('label', { class: 'target-choice', hidden: true }, h('span', {}, 'Build target '), targetSelect);
  const solutionButton = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false' }, 'Show solution');
  const resetButton = h('button', { type: 'button', class: 'button' }, 'Reset');
  const shareButton = h('button', { type: 'button', class: 'button' }, 'Share');
  const smaller = h('button', { type: 'button', class: 'button small', 'aria-label': 'A− (smaller editor text)' }, 'A−');
  const larger = h('button', { type: 'button', class: 'button small', 'aria-label': 'A+ (larger editor text)' }, 'A+');
  const tabs = data.editable.length > 1
    ? h('div', { role: 'group', 'aria-label': 'Files', class: 'file-tabs' }, ...data.editable.map((name, i) => h('button', { type: 'button', class: 'button small', 'aria-pressed': i === 0 ? 'true' : 'false', 'data-tab': name }, name)))
    : null;
  toolbar.append(...[tabs, buildButton, targetChoice, solutionButton, resetButton, shareButton, smaller, larger].filter(Boolean) as HTMLElement[]);
  /** Shows an editable file: its tab pressed, its editor visible. */
  const showFile = (name: string) => {
    if (!tabs || !data.editable.includes(name)) return;
    for (const b of tabs.querySelectorAll<HTMLElement>('[data-tab]')) b.setAttribute('aria-pressed', String(b.dataset.tab === name));
    for (const f of section.querySelectorAll<HTMLElement>('[data-editor-file]')) f.hidden = f.dataset.editorFile !== name;
  };
  // Where the bytes are and what would shrink them: Apply edits the editor as typing would.
  const advice = mountAdvicePanel({ session, editor, showFile, announce: (message) => announce(announcer, message) });
  // The build panel: cleared on Reset, marked stale when the files change.
  const buildPanel = mountBuildPanel({
    section,
    session,
    announcer,
    store,
    lessonId,
    button: buildButton,
    target: () => (targetChoice.hidden ? null : targetSelect.value || null),
    onSaved: () => scheduleSave(),
    // What the build found may change a goal that waits on a build.
    onFinished: () => void check(),
    advice,
  });
  // The terminal: its button joins the toolbar; its panel sits below the editor, above the build panel.
  mountTerminalPanel({ toolbar, after: $(section, '[data-editor-area]'), announcer, session, ...(terminalQueue ? { queue: terminalQueue } : {}) });
  tabs?.addEventListener('click', (e) => {
    const name = (e.target as HTMLElement).closest<HTMLElement>('[data-tab]')?.dataset.tab;
    if (!name) return;
    showFile(name);
    editor.focus(name);
  });
  const setFont = (px: number) => {
    store.state.settings.fontSize = Math.max(10, Math.min(28, px));
    editor.setFontSize(store.state.settings.fontSize);
    scheduleSave();
  };
  smaller.addEventListener('click', () => setFont(store.state.settings.fontSize - 2));
  larger.addEventListener('click', () => setFont(store.state.settings.fontSize + 2));

  // --target: which stage to build, when the Dockerfile has several. '' is the default (the last stage).
  const showTargets = targetChooser(targetSelect, targetChoice);

  // Reset, with an undo. The goals follow the text; the build panel and the diff must too.
  const resetBar = h('div', { class: 'notice', role: 'status', hidden: true });
  toolbar.after(resetBar);
  resetButton.addEventListener('click', () => {
    const before = currentFiles();
    for (const name of data.editable) editor.setValue(name, data.start[name] ?? '');
    buildPanel.clear();
    goalsPanel.hideComplete();
    const undo = h('button', { type: 'button', class: 'button small' }, 'Undo reset');
    undo.addEventListener('click', () => {
      for (const name of data.editable) editor.setValue(name, before[name] ?? '');
      resetBar.hidden = true;
      editor.focus('Dockerfile');
    });
    resetBar.replaceChildren(h('span', {}, 'The exercise is back at its start, and the last build is cleared. '), undo);
    resetBar.hidden = false;
    undo.focus();
  });

  // Show solution: a diff, and "Use solution". Labelled for the layout it has.
  const diffBox = h('div', { class: 'solution-diff', hidden: true });
  const diffHost = h('div', { class: 'diff-host' });
  const diffLegend = h('p', { class: 'diff-legend', 'data-diff-legend': '' });
  const diffColumns = h('div', { class: 'diff-columns', 'aria-hidden': 'true', hidden: true }, h('span', {}, 'Your version'), h('span', {}, 'Solution'));
  const useSolution = h('button', { type: 'button', class: 'button' }, 'Use the solution');
  diffBox.append(diffLegend, diffColumns, diffHost, useSolution);
  $(section, '[data-editor-area]').after(diffBox);
  const showLayout = (sideBySide: boolean) => {
    diffBox.dataset.layout = sideBySide ? 'side-by-side' : 'inline';
    diffColumns.hidden = !sideBySide;
    diffLegend.replaceChildren(
      ...(sideBySide
        ? ['Left: ', h('strong', {}, 'Your version'), '. Right: ', h('strong', {}, 'Solution'), '.']
        : ['One column: lines marked ', h('span', { class: 'diff-del' }, '−'), ' are ', h('strong', {}, 'Your version'), '’s, lines marked ', h('span', { class: 'diff-add' }, '+'), ' are the ', h('strong', {}, 'Solution'), '’s.']),
    );
  };
  let diff: DiffHandle | null = null;
  solutionButton.addEventListener('click', () => {
    const open = diffBox.hidden;
    diffBox.hidden = !open;
    solutionButton.setAttribute('aria-expanded', String(open));
    solutionButton.textContent = open ? 'Hide solution' : 'Show solution';
    diff?.dispose();
    diff = open ? editor.showDiff(diffHost, editor.getValue('Dockerfile'), data.solution.Dockerfile ?? '', showLayout) : null;
  });
  useSolution.addEventListener('click', () => {
    for (const name of data.editable) editor.setValue(name, data.solution[name] ?? '');
    session.emit('solutionUsed');
    solutionButton.click();
    announce(announcer, 'The solution is in the editor. Ctrl+Z brings your version back.');
    editor.focus('Dockerfile');
  });
  editor.onChange((name) => {
    if (name === 'Dockerfile') diff?.update(editor.getValue('Dockerfile'));
    buildPanel.markStale();
  });

  // Hints, one at a time.
  const hints = mountHintsPanel({
    section,
    store,
    lessonId,
    onChange: () => {
      scheduleSave();
      session.emit('hint', store.lesson(lessonId).hintsShown);
    },
  });

  // Share.
  const shareBox = h('div', { class: 'notice', role: 'status', hidden: true });
  toolbar.after(shareBox);
  shareButton.addEventListener('click', async () => {
    const enc = await encodeShare(editor.getValue('Dockerfile'));
    shareBox.hidden = false;
    if (!enc.ok) {
      shareBox.textContent = enc.error;
      return;
    }
    const url = `${location.origin}${location.pathname}#${enc.fragment}`;
    const { field, copy } = shareControls(url);
    shareBox.replaceChildren(h('p', {}, 'Anyone with this link sees your Dockerfile (it travels in the link, not through a server):'), field, copy);
    field.focus();
    field.select();
  });

  // A shared Dockerfile in the URL: show it, and let the learner choose.
  const incoming = await decodeShare(location.hash);
  if (incoming) {
    const banner = $(section, '[data-share-banner]');
    banner.hidden = false;
    if (!incoming.ok) {
      banner.replaceChildren(h('p', {}, `This page was opened with a share link that could not be read: ${incoming.error} Your own work is unchanged.`));
    } else {
      const take = h('button', { type: 'button', class: 'button' }, 'Use the shared Dockerfile');
      const keep = h('button', { type: 'button', class: 'button' }, 'Keep mine');
      banner.replaceChildren(
        h('p', {}, h('strong', {}, 'Someone shared a Dockerfile with you.'), ' Here it is; your own version is unchanged until you choose.'),
        h('pre', { class: 'shared-text', tabindex: 0, 'aria-label': 'The shared Dockerfile' }, incoming.text),
        take,
        keep,
      );
      const done = () => {
        banner.hidden = true;
        history.replaceState(null, '', location.pathname);
      };
      take.addEventListener('click', () => {
        editor.setValue('Dockerfile', incoming.text);
        done();
        announce(announcer, 'The shared Dockerfile is in the editor. Ctrl+Z brings yours back.');
        editor.focus('Dockerfile');
      });
      keep.addEventListener('click', done);
    }
  }

  // ---- build ----------------------------------------------------------------------------------
  const runBuild = () => buildPanel.build();
  buildButton.addEventListener('click', runBuild);
  editor.onBuildShortcut(runBuild);
  section.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void runBuild();
    }
  });

  // ---- other tabs ---------------------------------------------------------------------------
  // Their changes are merged as they are saved; when this lesson changed here and there, the
  // learner chooses. The editor follows what the store holds (an import included).
  const conflictPanel = new ConflictPanel(storageBox, {
    startText: (name) => data.start[name] ?? '',
    current: (name) => editor.getValue(name),
    onChoose: (choice) => {
      store.resolve(lessonId, choice);
      followStore();
      persist();
      announce(announcer, choice === 'mine' ? 'This tab’s version is kept and saved.' : 'The other tab’s version is in the editor. Ctrl+Z brings this tab’s back.');
      editor.focus('Dockerfile');
    },
  });
  let fontShown = store.state.settings.fontSize;
  const followStore = () => {
    const lesson = store.lesson(lessonId);
    let changed = false;
    applyingRemote = true;
    try {
      for (const name of data.editable) {
        const want = lesson.files[name] ?? data.start[name] ?? '';
        if (editor.getValue(name) !== want) {
          editor.setValue(name, want);
          changed = true;
        }
      }
    } finally {
      applyingRemote = false;
    }
    hints.follow(lesson.hintsShown);
    if (store.state.settings.fontSize !== fontShown) editor.setFontSize((fontShown = store.state.settings.fontSize));
    renderTicks(document, store.completed());
    const conflict = store.conflicts().find((c) => c.lesson === lessonId) ?? null;
    const asking = conflict !== null && !conflictPanel.open;
    conflictPanel.show(conflict);
    if (asking) announce(announcer, 'This lesson was also changed in another tab. Choose which version to keep.');
    else if (changed) announce(announcer, 'This lesson was changed in another tab; the editor now shows that version.');
  };
  store.onExternal = (change) => {
    if (change.notices.length) storageNotices.show('external', change.notices);
    if (change.lessons.includes(lessonId) || change.conflicts.includes(lessonId) || change.settings) followStore();
    else if (change.lessons.length) renderTicks(document, store.completed());
  };
  store.listen();
  store.sync();
  followStore();

  for (const el of section.querySelectorAll<HTMLElement>('.js-only')) el.hidden = false;
  section.classList.add('is-interactive');
  // For the class panel, when a class server serves the page (it listens; nothing is sent otherwise).
  publishExercise({
    lessonId,
    session,
    saved: () => {
      const l = store.lesson(lessonId);
      return { hintsShown: l.hintsShown, complete: l.complete, lastImageBytes: l.lastBuild?.bytes ?? null };
    },
  });
  await check();
}
