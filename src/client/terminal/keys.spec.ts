import { describe, expect, it } from 'vitest';
import { type KeyContext, type KeyLike, isMac, isModifierOnly, keyAction } from './keys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ type: 'keydown', key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const linux: KeyContext = { mac: false, hasSelection: false, escapeArmed: false };
const mac: KeyContext = { mac: true, hasSelection: false, escapeArmed: false };

describe('keyAction', () => {
  it('Tab goes to the terminal (completion), unless Escape came just before: then focus leaves', () => {
    expect(keyAction(key('Tab'), linux)).toBe('terminal');
    expect(keyAction(key('Tab'), { ...linux, escapeArmed: true })).toBe('leave');
    expect(keyAction(key('Tab', { shiftKey: true }), { ...linux, escapeArmed: true })).toBe('leave');
    expect(keyAction(key('Tab', { ctrlKey: true }), { ...linux, escapeArmed: true })).toBe('terminal');
  });

  it('Ctrl+` and ⌘` are the page’s', () => {
    expect(keyAction(key('`', { ctrlKey: true, code: 'Backquote' }), linux)).toBe('page');
    expect(keyAction(key('`', { metaKey: true }), mac)).toBe('page');
    // A layout where the key there is not a backquote still has the code.
    expect(keyAction(key('^', { ctrlKey: true, code: 'Backquote' }), linux)).toBe('page');
  });

  it('copy: Ctrl+Shift+C, or Ctrl+C with a selection; without one Ctrl+C interrupts', () => {
    expect(keyAction(key('C', { ctrlKey: true, shiftKey: true }), linux)).toBe('copy');
    expect(keyAction(key('c', { ctrlKey: true }), { ...linux, hasSelection: true })).toBe('copy');
    expect(keyAction(key('c', { ctrlKey: true }), linux)).toBe('terminal');
  });

  it('paste: Ctrl+Shift+V and Ctrl+V on Windows and Linux', () => {
    expect(keyAction(key('V', { ctrlKey: true, shiftKey: true }), linux)).toBe('paste');
    expect(keyAction(key('v', { ctrlKey: true }), linux)).toBe('paste');
  });

  it('on a Mac: ⌘C copies, ⌘V pastes, ⌘K clears, Ctrl+C still interrupts, other ⌘ keys are the browser’s, ⌘A stays', () => {
    expect(keyAction(key('c', { metaKey: true }), mac)).toBe('copy');
    expect(keyAction(key('v', { metaKey: true }), mac)).toBe('paste');
    expect(keyAction(key('k', { metaKey: true }), mac)).toBe('clear');
    expect(keyAction(key('c', { ctrlKey: true }), mac)).toBe('terminal');
    expect(keyAction(key('r', { metaKey: true }), mac)).toBe('page');
    expect(keyAction(key('a', { metaKey: true }), mac)).toBe('terminal');
    // Ctrl+Shift+C on a Mac is nothing special: it goes to the terminal.
    expect(keyAction(key('C', { ctrlKey: true, shiftKey: true }), mac)).toBe('terminal');
  });

  it('ordinary keys and shell keys go to the terminal', () => {
    for (const k of [key('a'), key('Enter'), key('Escape'), key('l', { ctrlKey: true }), key('ArrowUp'), key('w', { ctrlKey: true })]) {
      expect(keyAction(k, linux)).toBe('terminal');
    }
  });

  it('the page can claim more keys', () => {
    const ctx = { ...linux, passKey: (e: KeyLike) => e.key === 'F6' };
    expect(keyAction(key('F6'), ctx)).toBe('page');
    expect(keyAction(key('F7'), ctx)).toBe('terminal');
  });
});

describe('isModifierOnly and isMac', () => {
  it('tells a lone modifier from a key', () => {
    expect(isModifierOnly(key('Shift'))).toBe(true);
    expect(isModifierOnly(key('Tab'))).toBe(false);
  });

  it('reads the platform, newest API first', () => {
    expect(isMac({ userAgentData: { platform: 'macOS' }, platform: 'Linux' })).toBe(true);
    expect(isMac({ platform: 'MacIntel' })).toBe(true);
    expect(isMac({ platform: 'Win32' })).toBe(false);
    expect(isMac({ userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)' })).toBe(true);
    expect(isMac(undefined)).toBe(false);
  });
});
