/**
 * Which keys the terminal keeps and which it hands to the page or the browser,
 * decided without a DOM so the map is unit-tested. xterm turns every key into
 * input (Tab included, which is how a keyboard user gets stuck), so the
 * terminal's custom key handler asks `keyAction` first:
 *
 * - Escape, then Tab (or Shift+Tab): focus leaves the terminal, forwards or back.
 * - Ctrl+` (⌘` on a Mac): left to the page (its shortcut to show or hide the terminal).
 * - Ctrl+Shift+C, or ⌘C on a Mac: copy the selection. Ctrl+C copies when text is
 *   selected and interrupts otherwise.
 * - Ctrl+Shift+V, Ctrl+V, or ⌘V on a Mac: paste (the browser's own paste event,
 *   which needs no clipboard permission).
 * - ⌘K on a Mac: clear (Ctrl+L everywhere, handled by the shell's line editor).
 */

export type KeyAction =
  /** xterm handles it (it becomes input). */
  | 'terminal'
  /** Not for the terminal: the page's own shortcut (bubbles on, default kept). */
  | 'page'
  /** Tab after Escape: the browser moves focus out (default kept). */
  | 'leave'
  /** Copy the selection to the clipboard (default prevented). */
  | 'copy'
  /** Let the browser paste (xterm reads the paste event). */
  | 'paste'
  /** Clear the screen (default prevented). */
  | 'clear';

export interface KeyLike {
  type: string;
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface KeyContext {
  mac: boolean;
  hasSelection: boolean;
  /** The key before this one was a lone Escape. */
  escapeArmed: boolean;
  /** Extra keys the page wants (checked after the built-in ones). */
  passKey?: (event: KeyLike) => boolean;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'OS']);

/** A key that only presses a modifier (it neither arms nor disarms Escape-then-Tab). */
export function isModifierOnly(event: KeyLike): boolean {
  return MODIFIER_KEYS.has(event.key);
}

export function keyAction(event: KeyLike, ctx: KeyContext): KeyAction {
  const { ctrlKey: ctrl, metaKey: meta, shiftKey: shift, altKey: alt } = event;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;

  if ((ctrl || meta) && (key === '`' || event.code === 'Backquote')) return 'page';
  if (key === 'Tab' && ctx.escapeArmed && !ctrl && !meta && !alt) return 'leave';

  if (ctx.mac) {
    if (meta && !ctrl && !alt && key === 'c') return 'copy';
    if (meta && !ctrl && !alt && key === 'v') return 'paste';
    if (meta && !ctrl && !alt && key === 'k') return 'clear';
  } else {
    if (ctrl && shift && !alt && !meta && key === 'c') return 'copy';
    if (ctrl && !alt && !meta && key === 'v') return 'paste';
  }
  if (ctrl && !shift && !alt && !meta && key === 'c' && ctx.hasSelection) return 'copy';
  // Other ⌘ shortcuts on a Mac (⌘R, ⌘L, ⌘F…) are the browser's, not the shell's; ⌘A selects all in xterm.
  if (ctx.mac && meta && key !== 'a') return 'page';
  if (ctx.passKey?.(event)) return 'page';
  return 'terminal';
}

/** Whether the browser reports a Mac (or iPad with a keyboard): ⌘ is the copy and paste key there. */
export function isMac(nav: { platform?: string; userAgent?: string; userAgentData?: { platform?: string } } | undefined): boolean {
  const platform = nav?.userAgentData?.platform ?? nav?.platform ?? '';
  if (platform) return /mac|iphone|ipad|ipod/i.test(platform);
  return /Mac OS X|iPhone|iPad/.test(nav?.userAgent ?? '');
}
