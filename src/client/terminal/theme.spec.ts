import { describe, expect, it } from 'vitest';
import { luminance, parseColor, terminalTheme } from './theme';

const vars = (v: Record<string, string>) => (name: string) => v[name] ?? '';

describe('terminal theme', () => {
  it('parses the colour forms the custom properties use', () => {
    expect(parseColor(' #f4f5f6')).toEqual([244, 245, 246]);
    expect(parseColor('#abc')).toEqual([170, 187, 204]);
    expect(parseColor('rgb(28, 33, 40)')).toEqual([28, 33, 40]);
    expect(parseColor('rgba(28 33 40 / 50%)')).toEqual([28, 33, 40]);
    expect(parseColor('var(--x)')).toBeUndefined();
    expect(luminance([255, 255, 255])).toBeCloseTo(1);
    expect(luminance([0, 0, 0])).toBe(0);
  });

  it('takes the site’s light colours, with the light ANSI palette', () => {
    const { theme, dark } = terminalTheme(vars({ '--code-bg': '#f4f5f6', '--fg': '#1b1f23', '--accent': '#0b5cad' }), true);
    expect(dark).toBe(false);
    expect(theme.background).toBe('#f4f5f6');
    expect(theme.foreground).toBe('#1b1f23');
    expect(theme.cursor).toBe('#0b5cad');
    expect(theme.selectionBackground).toBe('rgba(11, 92, 173, 0.3)');
    expect(theme.green).toBe('#1a7f37');
  });

  it('takes the site’s dark colours, with the dark ANSI palette', () => {
    const { theme, dark } = terminalTheme(vars({ '--code-bg': '#1c2128', '--fg': '#e6e8eb', '--accent': '#6cb6ff' }), false);
    expect(dark).toBe(true);
    expect(theme.background).toBe('#1c2128');
    expect(theme.green).toBe('#57c26b');
  });

  it('falls back to the colour-scheme preference when the properties cannot be read', () => {
    expect(terminalTheme(vars({}), true)).toMatchObject({ dark: true, theme: { background: '#1c2128', foreground: '#e6e8eb' } });
    expect(terminalTheme(vars({}), false)).toMatchObject({ dark: false, theme: { background: '#f4f5f6' } });
  });
});
