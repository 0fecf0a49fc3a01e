/**
 * The terminal's colours from the site's own custom properties (global.css:
 * --code-bg, --fg, --accent), so it follows light and dark wherever the site
 * decides them (today the OS preference; a theme attribute later would work the
 * same, as the properties are read from the page). The ANSI palette is chosen by
 * the background's lightness; xterm's minimumContrastRatio then lifts any colour
 * a command prints to at least WCAG AA against it.
 */
import type { ITheme } from '@xterm/xterm';

const LIGHT_ANSI = {
  black: '#1b1f23', red: '#b3261e', green: '#1a7f37', yellow: '#8a5a00',
  blue: '#0b5cad', magenta: '#8e3fae', cyan: '#0b6e7d', white: '#5b6470',
  brightBlack: '#4d5560', brightRed: '#a40e26', brightGreen: '#116329', brightYellow: '#6f4400',
  brightBlue: '#0550ae', brightMagenta: '#7a2e9a', brightCyan: '#055d69', brightWhite: '#3b434c',
} satisfies ITheme;

const DARK_ANSI = {
  black: '#6e7681', red: '#ff7b72', green: '#57c26b', yellow: '#e3b341',
  blue: '#6cb6ff', magenta: '#d2a8ff', cyan: '#56d4dd', white: '#c9d1d9',
  brightBlack: '#8b949e', brightRed: '#ffa198', brightGreen: '#7ee787', brightYellow: '#f2cc60',
  brightBlue: '#a5d6ff', brightMagenta: '#e2c5ff', brightCyan: '#87e4ec', brightWhite: '#f0f6fc',
} satisfies ITheme;

/** The contrast every colour is lifted to (WCAG AA for text). */
export const MIN_CONTRAST = 4.5;

/** `#rgb`, `#rrggbb`, `rgb()`/`rgba()` as [r, g, b] 0–255; undefined for anything else. */
export function parseColor(value: string): [number, number, number] | undefined {
  const v = value.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(v);
  if (m) return [...m[1]!].map((c) => parseInt(c + c, 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(v);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as [number, number, number];
  m = /^rgba?\(\s*(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)/.exec(v);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return undefined;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The xterm theme for the page as it is now. `read` gives a custom property's
 * value ('' when unset); `prefersDark` decides when the background cannot be read.
 */
export function terminalTheme(read: (name: string) => string, prefersDark: boolean): { theme: ITheme; dark: boolean } {
  const bgValue = read('--code-bg').trim();
  const bg = parseColor(bgValue);
  const dark = bg ? luminance(bg) < 0.4 : prefersDark;
  const background = bg ? bgValue : dark ? '#1c2128' : '#f4f5f6';
  const foreground = parseColor(read('--fg')) ? read('--fg').trim() : dark ? '#e6e8eb' : '#1b1f23';
  const accentValue = read('--accent').trim();
  const accent = parseColor(accentValue) ?? (dark ? [108, 182, 255] : [11, 92, 173]);
  return {
    dark,
    theme: {
      ...(dark ? DARK_ANSI : LIGHT_ANSI),
      background,
      foreground,
      cursor: parseColor(accentValue) ? accentValue : foreground,
      cursorAccent: background,
      selectionBackground: `rgba(${accent.join(', ')}, ${dark ? 0.4 : 0.3})`,
      selectionInactiveBackground: `rgba(${accent.join(', ')}, ${dark ? 0.25 : 0.18})`,
    },
  };
}
