/**
 * "Use your own project folder": the folder input, the drop zone, progress while
 * the folder worker reads (files read of the total, in a progress bar and in words;
 * a polite live region says it now and then, not at every batch), Cancel, and what
 * was read. A single dropped file is not a folder: it opens as the Dockerfile.
 * Every name and figure from the folder is set as text.
 */
import { humanSize } from '../../engine/index';
import { $, announce, h } from '../exercise/dom';
import { FolderReader, type EntryLike, type FolderProgress, type FolderResult } from './folder-client';
import type { ScanSummary } from './folder-scan';

export interface FolderPanelOptions {
  root: HTMLElement;
  announcer: HTMLElement;
  /** A folder was read: it becomes the build context. */
  onFolder: (result: Extract<FolderResult, { kind: 'done' }>) => void;
  /** A single file was dropped: open it as the Dockerfile. */
  onDockerfile: (file: File) => void;
}

/** The live region speaks about the reading at most this often. */
const ANNOUNCE_EVERY_MS = 5_000;

const count = (n: number) => n.toLocaleString('en-US');

export function mountFolderPanel({ root, announcer, onFolder, onDockerfile }: FolderPanelOptions) {
  const input = $(root, '[data-folder-input]') as HTMLInputElement;
  const zone = $(root, '[data-drop-zone]');
  const progressBox = $(root, '[data-folder-progress]');
  const bar = $(progressBox, 'progress') as HTMLProgressElement;
  const status = $(progressBox, '[data-folder-status]');
  const cancel = $(progressBox, '[data-folder-cancel]') as HTMLButtonElement;
  const summaryBox = $(root, '[data-folder-summary]');
  const reader = new FolderReader();
  let lastSaid = 0;

  const showProgress = (p: FolderProgress) => {
    const text = p.total === null
      ? `Reading your folder: ${count(p.read)} files so far (${humanSize(p.bytes)}), still finding files…`
      : `Reading your folder: ${count(p.read)} of ${count(p.total)} files (${humanSize(p.bytes)}).`;
    status.textContent = text;
    if (p.total !== null && p.total > 0) {
      bar.max = p.total;
      bar.value = p.read;
    } else bar.removeAttribute('value');
    const now = Date.now();
    if (now - lastSaid >= ANNOUNCE_EVERY_MS) {
      lastSaid = now;
      announce(announcer, text);
    }
  };

  const start = async (read: (onProgress: (p: FolderProgress) => void) => Promise<FolderResult>) => {
    progressBox.hidden = false;
    summaryBox.replaceChildren();
    bar.removeAttribute('value');
    status.textContent = 'Reading your folder…';
    lastSaid = Date.now();
    announce(announcer, 'Reading your folder in this browser. Press Cancel to stop.');
    const result = await read(showProgress);
    progressBox.hidden = true;
    if (result.kind === 'done') {
      showSummary(result.name, result.summary);
      onFolder(result);
      return;
    }
    const message = result.kind === 'cancelled' ? 'Stopped reading the folder; nothing of it was kept. The build context is as it was.' : result.message;
    summaryBox.replaceChildren(h('p', { class: 'notice', role: result.kind === 'cancelled' ? 'status' : 'alert' }, message));
    if (result.kind === 'cancelled') announce(announcer, message);
  };

  const showSummary = (name: string, s: ScanSummary) => {
    const folders = s.folders.length
      ? h(
          'div',
          { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'The biggest folders of your folder' },
          h(
            'table',
            { class: 'folder-table' },
            h('caption', {}, 'Its biggest folders, measured from your files'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Folder'), h('th', { scope: 'col', class: 'num' }, 'Files'), h('th', { scope: 'col', class: 'num' }, 'Size'))),
            h('tbody', {}, ...s.folders.map((f) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, f.path)), h('td', { class: 'num' }, count(f.files)), h('td', { class: 'num' }, humanSize(f.bytes))))),
          ),
        )
      : null;
    const read = h(
      'p',
      { 'data-folder-read': '' },
      h('strong', {}, `Read ${name} in this browser: `),
      `${count(s.files)} files, ${humanSize(s.bytes)}. `,
      `Every size is the file’s real size; the contents of ${count(s.textFiles)} files Stagecraft reads (package.json, lockfiles, .dockerignore, sources…) stay in this page. Nothing was uploaded.`,
    );
    const notes = s.notes.length ? h('ul', { class: 'folder-notes' }, ...s.notes.map((n) => h('li', {}, n.message))) : null;
    summaryBox.replaceChildren(...[read, folders, notes].filter((x) => x !== null));
  };

  input.addEventListener('change', () => {
    const files = input.files;
    if (!files || files.length === 0) return;
    void start((onProgress) => reader.readList(files, onProgress)).finally(() => {
      // The same folder can be picked again (after changing it on disk).
      input.value = '';
    });
  });
  cancel.addEventListener('click', () => reader.cancel());

  // Drag and drop: the whole zone; the keyboard way is the input's button inside it.
  let depth = 0;
  zone.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    depth++;
    zone.classList.add('is-dragging');
  });
  zone.addEventListener('dragover', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('is-dragging');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragging');
    const items = e.dataTransfer?.items;
    if (!items) return;
    // Entries must be taken during the drop event: the DataTransfer empties afterwards.
    const roots: EntryLike[] = [];
    for (let i = 0; i < items.length; i++) {
      const entry = items[i]!.kind === 'file' ? items[i]!.webkitGetAsEntry() : null;
      if (entry) roots.push(entry as unknown as EntryLike);
    }
    const files = e.dataTransfer?.files;
    // One file is not a folder: it is a Dockerfile to open (also when the browser gives no entry for it).
    if ((roots.length === 1 && roots[0]!.isFile) || (roots.length === 0 && files?.length === 1)) {
      if (files?.[0]) onDockerfile(files[0]);
      return;
    }
    if (roots.length === 0) {
      summaryBox.replaceChildren(h('p', { class: 'notice', role: 'alert' }, 'This browser did not hand over the dropped folder. Use “Choose a folder…” instead.'));
      return;
    }
    void start((onProgress) => reader.readDrop(roots, onProgress));
  });

  return {
    /** Stops a read in progress (another build context was chosen); what was read before stays listed. */
    cancel: () => {
      if (reader.busy) reader.cancel();
    },
  };
}
