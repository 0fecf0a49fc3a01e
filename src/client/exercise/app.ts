/**
 * The exercise, once the learner is near it: loads the exercise data and the
 * engine worker, swaps the static start files for Monaco, keeps goals,
 * problems, hints, solution, reset, share, build and saved work in step.
 */
import type { ExerciseData } from '../../lessons/exercise-data';
import { decodeShare, encodeShare } from '../share';
import { renderTicks } from '../show-progress';
import { browserStorage, type BuildRecord, type Store } from '../store';
import { SyncedStore } from '../store-sync';
import { ConflictPanel, StorageNotices } from './storage-ui';
import { renderResults, streamLog } from './build-panel';
import { $, announce, h } from './dom';
import type { DiffHandle, EditorHandle } from './monaco';
import { EngineClient } from './engine-client';
import type { BuildView, CheckView, DiagnosticView, TargetView } from './protocol';
import { mountTerminalPanel, type TerminalQueue } from './terminal-panel';

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
  // A build's own notice goes to the build panel (see runBuild).
  const engine = new EngineClient({ onNotice: (n) => void ((n.reason === 'stopped' || n.kind !== 'build') && showEngineNotice(n.message)) });
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

  // ---- goals ------------------------------------------------------------------------
  const goalItems = [...section.querySelectorAll<HTMLElement>('[data-goal]')];
  const completeBox = $(section, '[data-complete]');
  let lastMet: boolean[] | null = null;
  let lastMetKnown = false;
  const showGoals = (check: CheckView) => {
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
    scheduleSave();
  };

  // ---- problems list (for screen readers and everyone) ---------------------------------
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
  const showDiagnostics = (check: CheckView) => {
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
  let checkSeq = 0;
  const check = async () => {
    const seq = ++checkSeq;
    const res = await engine.send({ type: 'check', files: currentFiles() });
    if (seq !== checkSeq || res.type === 'superseded') return;
    if (res.type === 'check') {
      showEngineNotice(null);
      editor.setDiagnostics('Dockerfile', res.result.diagnostics);
      showGoals(res.result);
      showDiagnostics(res.result);
      showTargets(res.result.stages);
    } else if (res.type === 'error') {
      // Over the time limit, a crash, an internal error: the last good result stays, the notice says why.
      showEngineNotice(res.message);
    }
  };
  const currentFiles = () => Object.fromEntries(data.editable.map((n) => [n, editor.getValue(n)]));
  editor.onChange((name) => {
    if (!applyingRemote) {
      store.update(lessonId, (s) => void (s.files[name] = editor.getValue(name)));
      scheduleSave();
    }
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, 250);
  });

  // ---- the build panel's state: cleared on Reset, marked stale when the files change ---------
  const panel = $(section, '[data-build-panel]');
  const output = $(section, '[data-build-output]');
  let running: { cancelled: boolean } | null = null;
  /** The files the panel's build was made from. */
  let builtFrom: string | null = null;
  const staleNote = h('p', { class: 'build-stale notice' }, 'This build is of an earlier version of your files. Build again (Ctrl+Enter) to see the current one.');
  const clearBuild = () => {
    if (running) running.cancelled = true;
    running = null;
    builtFrom = null;
    output.replaceChildren();
    panel.hidden = true;
  };
  const markStale = () => {
    if (builtFrom === null || panel.hidden) return;
    const stale = JSON.stringify(currentFiles()) !== builtFrom;
    if (stale && !staleNote.isConnected) output.prepend(staleNote);
    else if (!stale) staleNote.remove();
  };

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
  // The terminal: its button joins the toolbar; its panel sits below the editor, above the build panel.
  mountTerminalPanel({ section, toolbar, after: $(section, '[data-editor-area]'), announcer, engine, data, files: () => currentFiles(), ...(terminalQueue ? { queue: terminalQueue } : {}) });
  tabs?.addEventListener('click', (e) => {
    const name = (e.target as HTMLElement).closest<HTMLElement>('[data-tab]')?.dataset.tab;
    if (!name) return;
    for (const b of tabs.querySelectorAll<HTMLElement>('[data-tab]')) b.setAttribute('aria-pressed', String(b.dataset.tab === name));
    for (const f of section.querySelectorAll<HTMLElement>('[data-editor-file]')) f.hidden = f.dataset.editorFile !== name;
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
  let targetsKey = '';
  const showTargets = (stages: TargetView[]) => {
    const key = JSON.stringify(stages);
    if (key === targetsKey) return;
    targetsKey = key;
    targetChoice.hidden = stages.length < 2;
    const chosen = targetSelect.value;
    const last = stages[stages.length - 1];
    const options = [
      h('option', { value: '' }, `the last stage${last?.name ? `, ${last.name}` : ''} (no --target)`),
      ...stages.slice(0, -1).map((s) =>
        s.name
          ? h('option', { value: s.name }, `--target ${s.name}`)
          : h('option', { value: `#${s.index}`, disabled: true }, `stage ${s.index} (FROM ${s.base}): no name, so --target cannot pick it`),
      ),
    ];
    targetSelect.replaceChildren(...options);
    targetSelect.value = options.some((o) => o.value === chosen && !o.disabled) ? chosen : '';
  };

  // Reset, with an undo. The goals follow the text; the build panel and the diff must too.
  const resetBar = h('div', { class: 'notice', role: 'status', hidden: true });
  toolbar.after(resetBar);
  resetButton.addEventListener('click', () => {
    const before = currentFiles();
    for (const name of data.editable) editor.setValue(name, data.start[name] ?? '');
    clearBuild();
    completeBox.hidden = true;
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
    solutionButton.click();
    announce(announcer, 'The solution is in the editor. Ctrl+Z brings your version back.');
    editor.focus('Dockerfile');
  });
  editor.onChange((name) => {
    if (name === 'Dockerfile') diff?.update(editor.getValue('Dockerfile'));
    markStale();
  });

  // Hints, one at a time; the button never counts past the last one.
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
    scheduleSave();
    (hintList.lastElementChild as HTMLElement | null)?.setAttribute('tabindex', '-1');
    (hintList.lastElementChild as HTMLElement | null)?.focus();
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
    const field = h('input', { type: 'text', readonly: true, value: url, 'aria-label': 'Share link', class: 'share-url' });
    const copy = h('button', { type: 'button', class: 'button small' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = 'Copied';
      } catch {
        field.select();
        copy.textContent = 'Press Ctrl+C to copy';
      }
    });
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
  const runBuild = async () => {
    // The last finished build, kept on screen should this one not finish (over the time limit, a crash).
    const lastGood = running || panel.hidden ? null : { nodes: [...output.childNodes].filter((n) => !(n instanceof HTMLElement && n.hasAttribute('data-build-error'))), from: builtFrom };
    if (running) running.cancelled = true;
    const signal = { cancelled: false };
    running = signal;
    panel.hidden = false;
    buildButton.setAttribute('aria-busy', 'true');
    output.replaceChildren(h('p', { role: 'status' }, 'Building…'));
    announce(announcer, 'Building.');
    const files = currentFiles();
    const target = targetChoice.hidden ? null : targetSelect.value || null;
    const res = await engine.send({ type: 'build', files, target });
    if (signal.cancelled) return;
    output.replaceChildren();
    builtFrom = JSON.stringify(files);
    if (res.type !== 'build') {
      const message = res.type === 'error' ? res.message : 'The build did not run.';
      output.append(h('p', { class: 'notice', role: 'alert', 'data-build-error': '' }, message));
      if (lastGood?.from && lastGood.nodes.length) {
        output.append(...lastGood.nodes);
        builtFrom = lastGood.from;
        markStale();
      }
      buildButton.removeAttribute('aria-busy');
      running = null;
      return;
    }
    const view: BuildView = res.result;
    await streamLog(output, view, signal);
    if (signal.cancelled) return;
    const previous = store.lesson(lessonId).lastBuild;
    const summaryText = renderResults(output, view, previous);
    markStale();
    if (view.built && view.image) {
      const record: BuildRecord = { bytes: view.image.bytes, compressedBytes: view.image.compressedBytes, at: Date.now() };
      if (view.target) record.target = view.target;
      store.update(lessonId, (s) => {
        s.previousBuild = s.lastBuild;
        s.lastBuild = record;
      });
      scheduleSave();
    }
    buildButton.removeAttribute('aria-busy');
    announce(announcer, summaryText);
    running = null;
    void check();
  };
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
    if (hintList.childElementCount !== Math.min(total, lesson.hintsShown)) showHints(lesson.hintsShown);
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
  await check();
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
