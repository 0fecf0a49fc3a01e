/**
 * Monaco, loaded only when the learner reaches the exercise: the core editor,
 * the Dockerfile language, hovers, code actions and the diff editor, with one
 * worker. Owns its editors and disposables; converts the engine's 1-based
 * ranges to markers in one place.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/wordHighlighter/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { DiagnosticView } from './protocol';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

const dark = window.matchMedia('(prefers-color-scheme: dark)');
// Monaco's stock themes dim line numbers below WCAG AA contrast, and their comment green fails it on
// the diff's green and red backgrounds; ours keep both readable.
monaco.editor.defineTheme('stagecraft-light', { base: 'vs', inherit: true, rules: [{ token: 'comment', foreground: '2d6a2d' }], colors: { 'editorLineNumber.foreground': '#5b6470', 'editorLineNumber.activeForeground': '#1b1f23' } });
monaco.editor.defineTheme('stagecraft-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '8cc47a' }], colors: { 'editorLineNumber.foreground': '#a9b1bb', 'editorLineNumber.activeForeground': '#e6e8eb' } });
const theme = () => (dark.matches ? 'stagecraft-dark' : 'stagecraft-light');

const SEVERITY: Record<DiagnosticView['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

export interface EditorHandle {
  getValue(name: string): string;
  setValue(name: string, text: string): void;
  /**
   * Makes the file `text` by replacing only the part that differs, as one undoable edit
   * (Ctrl+Z brings the text before back); the cursor goes to where the edit starts.
   * Returns that 1-based line, or null when the text was already that.
   */
  applyText(name: string, text: string): number | null;
  /** Moves the cursor to the start of a 1-based line, scrolls it into view and focuses the editor. */
  revealLine(name: string, line: number): void;
  setDiagnostics(name: string, diagnostics: DiagnosticView[]): void;
  setFontSize(px: number): void;
  focus(name: string): void;
  onChange(listener: (name: string) => void): void;
  onBuildShortcut(listener: () => void): void;
  /**
   * The solution as a diff against the learner's text. Side by side where the host is
   * wide enough, one column where it is not; `onLayout` hears which, now and on resize.
   */
  showDiff(host: HTMLElement, mine: string, solution: string, onLayout: (sideBySide: boolean) => void): DiffHandle;
  dispose(): void;
}

export interface DiffHandle {
  /** Replaces the learner's side (after Reset, an edit, Use the solution). */
  update(mine: string): void;
  dispose(): void;
}

/** Narrower than this, the diff is one column (a side-by-side diff of Dockerfile lines is unreadable on a phone). */
export const SIDE_BY_SIDE_MIN_PX = 700;

let fixes: DiagnosticView[] = [];

export function createEditors(hosts: Map<string, HTMLElement>, initial: Record<string, string>, fontSize: number): EditorHandle {
  const disposables: monaco.IDisposable[] = [];
  const editors = new Map<string, monaco.editor.IStandaloneCodeEditor>();
  const changeListeners: Array<(name: string) => void> = [];
  const buildListeners: Array<() => void> = [];
  monaco.editor.setTheme(theme());
  const onScheme = () => monaco.editor.setTheme(theme());
  dark.addEventListener('change', onScheme);

  for (const [name, host] of hosts) {
    const model = monaco.editor.createModel(initial[name] ?? '', name === 'Dockerfile' ? 'dockerfile' : 'plaintext', monaco.Uri.parse(`file:///${name}`));
    const editor = monaco.editor.create(host, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize,
      lineNumbersMinChars: 3,
      wordWrap: 'on',
      // The dimmed number after the last line fails contrast checks and says nothing useful.
      renderFinalNewline: 'off',
      // Tab moves focus out of the editor, so keyboard users are never trapped.
      tabFocusMode: true,
      ariaLabel: `${name} editor. Tab moves to the next control; problems are also listed below the editor.`,
      renderValidationDecorations: 'on',
      fixedOverflowWidgets: true,
      scrollbar: { alwaysConsumeMouseWheel: false },
    });
    disposables.push(model, editor);
    editors.set(name, editor);
    disposables.push(model.onDidChangeContent(() => changeListeners.forEach((l) => l(name))));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => buildListeners.forEach((l) => l()));
  }

  disposables.push(
    monaco.languages.registerCodeActionProvider('dockerfile', {
      provideCodeActions(model, range) {
        const actions: monaco.languages.CodeAction[] = [];
        for (const d of fixes) {
          if (d.line > range.endLineNumber || d.endLine < range.startLineNumber) continue;
          for (const fix of d.fixes) {
            actions.push({
              title: fix.title,
              kind: 'quickfix',
              isPreferred: true,
              edit: {
                edits: fix.edits.map((e) => ({
                  resource: model.uri,
                  versionId: model.getVersionId(),
                  textEdit: { range: new monaco.Range(e.line, e.column, e.endLine, e.endColumn), text: e.text },
                })),
              },
            });
          }
        }
        return { actions, dispose: () => undefined };
      },
    }),
    monaco.languages.registerHoverProvider('dockerfile', {
      provideHover(_model, position) {
        const hits = fixes.filter((d) => position.lineNumber >= d.line && position.lineNumber <= d.endLine && d.lessonHref);
        if (!hits.length) return null;
        return {
          contents: hits.map((d) => ({ value: `**${d.refs.join(', ') || d.rule}** — ${d.summary}${d.lessonHref ? ` [The lesson that explains it](${d.lessonHref})` : ''}` })),
        };
      },
    }),
  );

  const handle: EditorHandle = {
    getValue: (name) => editors.get(name)?.getValue() ?? '',
    setValue: (name, text) => {
      const editor = editors.get(name);
      if (!editor) return;
      const model = editor.getModel()!;
      // Keeps undo: Ctrl+Z brings the learner's text back.
      editor.pushUndoStop();
      editor.executeEdits('stagecraft', [{ range: model.getFullModelRange(), text }]);
      editor.pushUndoStop();
    },
    applyText: (name, wanted) => {
      const editor = editors.get(name);
      const model = editor?.getModel();
      if (!editor || !model) return null;
      const old = model.getValue();
      const text = wanted.replace(/\r?\n/g, model.getEOL());
      if (old === text) return null;
      const max = Math.min(old.length, text.length);
      let start = 0;
      while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
      let end = 0;
      while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(old.length - end);
      editor.pushUndoStop();
      editor.executeEdits('stagecraft', [{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: text.slice(start, text.length - end) }], [
        new monaco.Selection(from.lineNumber, 1, from.lineNumber, 1),
      ]);
      editor.pushUndoStop();
      editor.revealLineInCenterIfOutsideViewport(from.lineNumber);
      return from.lineNumber;
    },
    revealLine: (name, line) => {
      const editor = editors.get(name);
      const model = editor?.getModel();
      if (!editor || !model) return;
      const n = Math.max(1, Math.min(model.getLineCount(), Math.floor(line)));
      editor.setPosition({ lineNumber: n, column: 1 });
      editor.revealLineInCenterIfOutsideViewport(n);
      editor.focus();
    },
    setDiagnostics: (name, diagnostics) => {
      const model = editors.get(name)?.getModel();
      if (!model) return;
      if (name === 'Dockerfile') fixes = diagnostics;
      monaco.editor.setModelMarkers(
        model,
        'stagecraft',
        diagnostics.map((d) => ({
          severity: SEVERITY[d.severity],
          message: `${d.message}${d.refs.length ? ` [${[...d.refs, ...d.also].join(', ')}]` : ''}`,
          startLineNumber: d.line,
          startColumn: d.column,
          endLineNumber: d.endLine,
          endColumn: d.endColumn === d.column && d.endLine === d.line ? d.column + 1 : d.endColumn,
          source: d.source === 'hadolint' ? 'hadolint' : d.source === 'stagecraft' ? 'Stagecraft' : 'Docker',
          code: d.url ? { value: d.rule, target: monaco.Uri.parse(d.url) } : d.rule,
        })),
      );
    },
    setFontSize: (px) => editors.forEach((e) => e.updateOptions({ fontSize: px })),
    focus: (name) => editors.get(name)?.focus(),
    onChange: (l) => void changeListeners.push(l),
    onBuildShortcut: (l) => void buildListeners.push(l),
    showDiff: (host, mine, solution, onLayout) => {
      const original = monaco.editor.createModel(mine, 'dockerfile');
      const modified = monaco.editor.createModel(solution, 'dockerfile');
      let sideBySide = host.clientWidth >= SIDE_BY_SIDE_MIN_PX;
      const diff = monaco.editor.createDiffEditor(host, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: sideBySide,
        // We choose the layout ourselves, so the labels beside the diff always match it.
        useInlineViewWhenSpaceIsLimited: false,
        diffWordWrap: 'on',
        wordWrap: 'on',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        renderOverviewRuler: false,
        lineNumbersMinChars: 3,
        glyphMargin: false,
        folding: false,
        hideUnchangedRegions: { enabled: false },
        ariaLabel: 'Your Dockerfile compared with the solution',
      });
      diff.setModel({ original, modified });
      // The diff's own aria labels do not reach its two inner editors' input (Monaco 0.57): name them here.
      const label = () => {
        diff.getOriginalEditor().updateOptions({ ariaLabel: 'Your version (read-only)' });
        diff.getModifiedEditor().updateOptions({ ariaLabel: 'Solution (read-only)' });
      };
      label();
      onLayout(sideBySide);
      const resize = new ResizeObserver(() => {
        const wide = host.clientWidth >= SIDE_BY_SIDE_MIN_PX;
        if (wide === sideBySide) return;
        sideBySide = wide;
        diff.updateOptions({ renderSideBySide: wide });
        label();
        onLayout(wide);
      });
      resize.observe(host);
      return {
        update: (text) => {
          if (original.getValue() !== text) original.setValue(text);
        },
        dispose: () => {
          resize.disconnect();
          diff.dispose();
          original.dispose();
          modified.dispose();
        },
      };
    },
    dispose: () => {
      dark.removeEventListener('change', onScheme);
      disposables.forEach((d) => d.dispose());
    },
  };
  return handle;
}
