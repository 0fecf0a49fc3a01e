/**
 * The playground: the learner's Dockerfile (and .dockerignore) in the exercise's
 * Monaco editor, built on a sample project, on no files, or on a project folder
 * picked in the browser (read by ./folder.worker.ts, never uploaded). It runs on the
 * exercise's own engine worker and panels: the build context is handed over as an
 * exercise with no goals, whose editable files are the Dockerfile and .dockerignore,
 * so the findings, the build, where the bytes are and the suggestions are the very
 * ones a lesson shows. Everything from the learner or the folder is set as text.
 */
import type { ContextEntry } from '../../engine/index';
import type { ExerciseData } from '../../lessons/exercise-data';
import { decodeShare, encodeShare } from '../share';
import { browserStorage, type BuildRecord } from '../store';
import { mountAdvicePanel } from '../exercise/advice-panel';
import { renderResults, streamLog } from '../exercise/build-panel';
import { $, announce, h } from '../exercise/dom';
import { shareControls } from '../exercise/share-controls';
import { targetChooser } from '../exercise/target-choice';
import { EngineClient } from '../exercise/engine-client';
import type { EditorHandle } from '../exercise/monaco';
import { mountDiagnosticsPanel } from '../exercise/panels';
import type { BuildView } from '../exercise/protocol';
import { ExerciseSession } from '../exercise/session';
import type { FolderResult } from './folder-client';
import { mountFolderPanel } from './folder-panel';
import { DEFAULT_SAMPLE, NO_PROJECT, sampleById, type SampleData } from './samples';
import { loadPlayground, savePlayground } from './saved';
import { parsePlaygroundFragment, playgroundFragment } from './share-link';

/** The editable files, in the order the page shows them. */
const FILES = ['Dockerfile', '.dockerignore'] as const;
/** A Dockerfile opened from disk bigger than this is refused (the editor and every check hold it). */
export const MAX_OPENED_BYTES = 1_000_000;
/**
 * Time limits: a picked folder may hold 100,000 files, and every build and each
 * suggestion's build walks them all, so they get longer than a lesson's.
 */
const LIMITS = { init: 60_000, check: 10_000, build: 60_000, suggest: 90_000 };

/** What the build context is now. */
type Context =
  | { kind: 'sample'; id: string; data: SampleData }
  | { kind: 'none' }
  | { kind: 'folder'; name: string; entries: ContextEntry[] };

/** The exercise the engine worker is given: the context, no goals, the two files editable. */
function exerciseFor(context: Context): ExerciseData {
  const project =
    context.kind === 'sample' ? { name: context.id, files: context.data.files, manifest: context.data.manifest }
    : context.kind === 'folder' ? { name: context.name, files: context.entries, manifest: null }
    : { name: 'empty', files: [], manifest: null };
  return {
    version: 1, id: 'playground', title: 'Playground', number: 0, next: null,
    editable: [...FILES], start: { Dockerfile: '', '.dockerignore': '' }, solution: {},
    goals: [], hints: [], baseline: null, project, terminalFiles: {},
  };
}

async function fetchSample(id: string): Promise<SampleData> {
  const res = await fetch(`/playground/projects/${encodeURIComponent(id)}.json`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const data = (await res.json()) as SampleData;
  if (data?.version !== 1 || !Array.isArray(data.files)) throw new Error('not a sample project Stagecraft made');
  return data;
}

export async function startPlayground(root: HTMLElement): Promise<void> {
  const announcer = $(root, '[data-announce]');
  const notice = $(root, '[data-playground-notice]');
  const say = (message: string | null, alert = false) => {
    notice.textContent = message ?? '';
    notice.hidden = message === null;
    notice.setAttribute('role', alert ? 'alert' : 'status');
  };
  const projectSelect = $(root, '[data-project]') as HTMLSelectElement;
  const folderOption = $(projectSelect, 'option[value="folder"]') as HTMLOptionElement;
  const contextNote = $(root, '[data-context-note]');
  const storage = browserStorage();

  // ---- where the text comes from: a share link, else what was kept, else the first sample ----
  const fragment = parsePlaygroundFragment(location.hash);
  const saved = loadPlayground(storage);
  let texts: Record<string, string> = { Dockerfile: '', '.dockerignore': '' };
  let startProject = DEFAULT_SAMPLE;
  let fromSample = true;
  let shared: string | null = null;
  if (fragment.share) {
    const incoming = await decodeShare(fragment.share);
    if (incoming?.ok) {
      shared = incoming.text;
      startProject = fragment.project ?? DEFAULT_SAMPLE;
      texts.Dockerfile = incoming.text;
      fromSample = false;
      say(
        `This Dockerfile came from a share link${startProject === NO_PROJECT ? ', built on no project files' : `, on the ${sampleById(startProject)?.title ?? startProject} sample project`}. A share link never carries anyone’s folder.${fragment.unknownProject ? ` (The link names a project Stagecraft does not have, “${fragment.unknownProject}”.)` : ''}`,
      );
    } else if (incoming) say(`This page was opened with a share link that could not be read: ${incoming.error}`, true);
    history.replaceState(null, '', location.pathname);
  } else if (fragment.project) {
    // A link to a sample project without a Dockerfile: the sample as it starts.
    startProject = fragment.project;
    history.replaceState(null, '', location.pathname);
  }
  // A link that only names a sample asks for that sample as it starts; otherwise (no link, or one that could not be read) what was kept comes back.
  const projectOnly = fragment.share === null && fragment.project !== null;
  if (shared === null && !projectOnly && saved) {
    texts = { Dockerfile: saved.dockerfile, '.dockerignore': saved.dockerignore };
    startProject = saved.project === 'folder' ? NO_PROJECT : saved.project;
    fromSample = false;
    if (saved.project === 'folder') say('Your Dockerfile is back from your last visit. Your folder is not kept in the browser: choose it again to build on it.');
  }

  let context: Context = { kind: 'none' };
  if (startProject !== NO_PROJECT) {
    try {
      const sampleData = await fetchSample(startProject);
      context = { kind: 'sample', id: startProject, data: sampleData };
      if (fromSample) texts = { Dockerfile: sampleData.dockerfile, '.dockerignore': sampleData.dockerignore };
    } catch (e) {
      say(`The sample project could not be loaded (${(e as Error).message}); the playground starts with no project files.`, true);
      startProject = NO_PROJECT;
    }
  }
  projectSelect.value = startProject;

  // ---- the engine (the exercise's worker, with its watchdog) --------------------------------
  const engineNotice = $(root, '[data-engine-notice]');
  const engine = new EngineClient({
    limits: LIMITS,
    onNotice: (n) => {
      engineNotice.textContent = n.message;
      engineNotice.hidden = false;
    },
  });
  let data = exerciseFor(context);
  let ready = engine.send({ type: 'init', data });
  /** Counts the build contexts given to the worker: a build of an earlier one is stale. */
  let contextSeq = 0;

  // ---- editors ---------------------------------------------------------------------------------
  const { createEditors } = await import('../exercise/monaco');
  const hosts = new Map<string, HTMLElement>();
  for (const name of FILES) {
    const host = $(root, `[data-editor-host="${CSS.escape(name)}"]`);
    host.hidden = false;
    hosts.set(name, host);
    $(root, `[data-editor-static="${CSS.escape(name)}"]`).hidden = true;
  }
  const sizeHosts = () => {
    for (const [name, host] of hosts) {
      const lines = editor.getValue(name).split('\n').length;
      host.style.height = `${Math.max(name === 'Dockerfile' ? 12 : 6, Math.min(name === 'Dockerfile' ? 30 : 14, lines + 3)) * 1.5}em`;
    }
  };
  let editor: EditorHandle;
  try {
    editor = createEditors(hosts, texts, 14);
  } catch (e) {
    say(`The editor could not start (${(e as Error).message}).`, true);
    return;
  }
  sizeHosts();
  const currentFiles = (): Record<string, string> => Object.fromEntries(FILES.map((n) => [n, editor.getValue(n)]));
  // One session for the page: its data says which files are editable; the context goes to the worker with each init.
  const session = new ExerciseSession(data, engine, currentFiles);

  // ---- findings as you type ------------------------------------------------------------------
  const diagnostics = mountDiagnosticsPanel(root);
  const targetSelect = $(root, '[data-target-select]') as HTMLSelectElement;
  const targetChoice = $(root, '[data-target-choice]');
  const showTargets = targetChooser(targetSelect, targetChoice);
  session.on('check', (result) => {
    engineNotice.hidden = true;
    editor.setDiagnostics('Dockerfile', result.diagnostics);
    diagnostics.show(result);
    showTargets(result.stages);
  });
  session.on('checkFailed', (message) => {
    engineNotice.textContent = message;
    engineNotice.hidden = false;
  });

  // ---- saving the text in this browser ---------------------------------------------------------
  let saveTimer = 0;
  const saveNote = $(root, '[data-save-note]');
  const save = () => {
    window.clearTimeout(saveTimer);
    const f = currentFiles();
    const r = savePlayground(storage, { dockerfile: f.Dockerfile ?? '', dockerignore: f['.dockerignore'] ?? '', project: context.kind === 'sample' ? context.id : context.kind === 'folder' ? 'folder' : NO_PROJECT });
    saveNote.textContent = r.ok ? '' : r.reason;
    saveNote.hidden = r.ok;
  };
  const scheduleSave = () => {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, 400);
  };
  window.addEventListener('pagehide', save);

  // ---- the build ---------------------------------------------------------------------------------
  const buildButton = $(root, '[data-build]');
  const panel = $(root, '[data-build-panel]');
  const output = $(root, '[data-build-output]');
  const advice = mountAdvicePanel({
    session,
    editor,
    showFile: (name) => $(root, `[data-editor-file="${CSS.escape(name)}"]`).scrollIntoView({ block: 'nearest' }),
    announce: (m) => announce(announcer, m),
  });
  let previous: BuildRecord | null = null;
  let running: { cancelled: boolean } | null = null;
  let builtFrom: string | null = null;
  const staleNote = h('p', { class: 'build-stale notice' }, 'This build is of an earlier version of your files or of another build context. Build again (Ctrl+Enter) to see the current one.');
  const markStale = () => {
    advice.refresh();
    if (builtFrom === null || panel.hidden) return;
    const stale = JSON.stringify([currentFiles(), contextSeq]) !== builtFrom;
    if (stale && !staleNote.isConnected) output.prepend(staleNote);
    else if (!stale) staleNote.remove();
  };
  const build = async () => {
    if (running) running.cancelled = true;
    const signal = { cancelled: false };
    running = signal;
    panel.hidden = false;
    buildButton.setAttribute('aria-busy', 'true');
    output.replaceChildren(h('p', { role: 'status' }, 'Building…'));
    announce(announcer, 'Building.');
    await ready;
    const files = currentFiles();
    const seq = contextSeq;
    const target = targetChoice.hidden ? null : targetSelect.value || null;
    const res = await engine.send({ type: 'build', files, target });
    if (signal.cancelled) return;
    output.replaceChildren();
    builtFrom = JSON.stringify([files, seq]);
    if (res.type !== 'build') {
      if (res.type !== 'superseded') output.append(h('p', { class: 'notice', role: 'alert' }, res.type === 'error' ? res.message : 'The build did not run.'));
      advice.cancel();
      buildButton.removeAttribute('aria-busy');
      running = null;
      return;
    }
    const view: BuildView = res.result;
    const adviceBox = advice.start(view, files, target);
    await streamLog(output, view, signal);
    if (signal.cancelled) return;
    const summary = renderResults(output, view, previous, adviceBox);
    if (view.built && view.image) previous = { bytes: view.image.bytes, compressedBytes: view.image.compressedBytes, at: Date.now(), ...(target ? { target } : {}) };
    markStale();
    buildButton.removeAttribute('aria-busy');
    announce(announcer, advice.withBuildSummary(summary));
    running = null;
  };
  buildButton.addEventListener('click', () => void build());
  editor.onBuildShortcut(() => void build());
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void build();
    }
  });

  let checkTimer = 0;
  editor.onChange(() => {
    scheduleSave();
    markStale();
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(() => void session.check(), 250);
  });

  // ---- the build context -------------------------------------------------------------------------
  const describeContext = () => {
    contextNote.textContent =
      context.kind === 'sample' ? `Building on the ${sampleById(context.id)?.title ?? context.id} sample project (content/projects/${context.id}): its files, with node_modules and .git as measured on a developer’s machine.`
      : context.kind === 'folder' ? `Building on your folder ${context.name}: ${context.entries.length.toLocaleString('en-US')} files, read in this browser.`
      : 'Building on no files: an empty build context, so COPY finds nothing. Choose a sample project or your own folder.';
  };
  /** A new context: the worker gets it, the last build goes, and the files are checked and built again. */
  const useContext = (next: Context) => {
    context = next;
    contextSeq++;
    data = exerciseFor(next);
    ready = engine.send({ type: 'init', data });
    previous = null;
    describeContext();
    scheduleSave();
    void session.check();
    void build();
  };
  describeContext();

  const setTexts = (next: Record<string, string>, message: string) => {
    for (const name of FILES) if (next[name] !== undefined && editor.getValue(name) !== next[name]) editor.setValue(name, next[name]!);
    sizeHosts();
    announce(announcer, message);
  };

  /** The folder read last: choosing "Your folder" again after a sample builds on it again. */
  let lastFolder: Extract<Context, { kind: 'folder' }> | null = null;
  const folders = mountFolderPanel({
    root,
    announcer,
    onFolder: (result: Extract<FolderResult, { kind: 'done' }>) => {
      folderOption.hidden = false;
      folderOption.disabled = false;
      folderOption.textContent = `Your folder: ${result.name}`;
      projectSelect.value = 'folder';
      const own: Record<string, string> = {};
      if (result.summary.dockerfile !== null) own.Dockerfile = result.summary.dockerfile;
      // The folder's .dockerignore is the one in force, or none when it has none.
      own['.dockerignore'] = result.summary.dockerignore ?? '';
      setTexts(own, `Read your folder ${result.name}: ${result.summary.files.toLocaleString('en-US')} files, in this browser.${result.summary.dockerfile !== null ? ' Its Dockerfile is in the editor (Ctrl+Z brings the one before back).' : ''} Building on it.`);
      lastFolder = { kind: 'folder', name: result.name, entries: result.entries };
      useContext(lastFolder);
    },
    onDockerfile: (file) => void openDockerfile(file),
  });

  projectSelect.addEventListener('change', async () => {
    const id = projectSelect.value;
    // A folder being read is not wanted any more: the choice made now wins.
    folders.cancel();
    if (id === 'folder') {
      if (lastFolder && context !== lastFolder) {
        announce(announcer, `Building on your folder ${lastFolder.name} again. The Dockerfile in the editor stays as it is.`);
        useContext(lastFolder);
      }
      return;
    }
    if (id === NO_PROJECT) {
      useContext({ kind: 'none' });
      return;
    }
    try {
      const sample = await fetchSample(id);
      if (projectSelect.value !== id) return;
      setTexts({ Dockerfile: sample.dockerfile, '.dockerignore': sample.dockerignore }, `The ${sample.title} sample project, with its starting Dockerfile in the editor (Ctrl+Z brings yours back). Building on it.`);
      useContext({ kind: 'sample', id, data: sample });
    } catch (e) {
      say(`The sample project could not be loaded (${(e as Error).message}). The build context is as it was.`, true);
    }
  });

  // ---- open a Dockerfile from disk -------------------------------------------------------------
  const openInput = $(root, '[data-open-dockerfile]') as HTMLInputElement;
  const openDockerfile = async (file: File) => {
    if (file.size > MAX_OPENED_BYTES) {
      say(`${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; the playground opens Dockerfiles up to 1 MB.`, true);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      say(`${file.name} could not be read.`, true);
      return;
    }
    setTexts({ Dockerfile: text }, `${file.name} is in the editor (Ctrl+Z brings the text before back).`);
    say(`Opened ${file.name} from your disk (read in this browser, not uploaded).`);
    editor.focus('Dockerfile');
  };
  openInput.addEventListener('change', () => {
    const file = openInput.files?.[0];
    if (file) void openDockerfile(file).finally(() => (openInput.value = ''));
  });

  // ---- share ---------------------------------------------------------------------------------------
  const shareButton = $(root, '[data-share]');
  const shareBox = $(root, '[data-share-box]');
  shareButton.addEventListener('click', async () => {
    const enc = await encodeShare(editor.getValue('Dockerfile'));
    shareBox.hidden = false;
    if (!enc.ok) {
      shareBox.textContent = enc.error;
      return;
    }
    const project = context.kind === 'sample' ? context.id : NO_PROJECT;
    const url = `${location.origin}${location.pathname}#${playgroundFragment(enc.fragment, project)}`;
    const { field, copy } = shareControls(url);
    const carries = context.kind === 'sample' ? `your Dockerfile and the ${sampleById(context.id)?.title ?? context.id} sample project` : 'your Dockerfile only';
    shareBox.replaceChildren(
      h('p', {}, `Anyone with this link sees ${carries} (it travels in the link, not through a server).${context.kind === 'folder' ? ' Your folder is not in it: the link opens on no project files.' : ''} The .dockerignore is not in the link.`),
      field,
      copy,
    );
    field.focus();
    field.select();
  });

  for (const el of root.querySelectorAll<HTMLElement>('.js-only')) el.hidden = false;
  root.classList.add('is-interactive');
  root.removeAttribute('aria-busy');
  await ready;
  void session.check();
  void build();
}
