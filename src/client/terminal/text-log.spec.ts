import { describe, expect, it } from 'vitest';
import { PlainTextStream, stripAnsi } from './text-log';

describe('stripAnsi', () => {
  it('removes colours and other CSI sequences', () => {
    expect(stripAnsi('\x1b[1;31merror\x1b[0m: \x1b[38;5;208mno\x1b[m such file')).toBe('error: no such file');
    expect(stripAnsi('a\x1b[2K\x1b[1Gb\x1b[?25l')).toBe('ab');
  });

  it('removes OSC (titles, links) ended by BEL or ST, and short ESC sequences', () => {
    expect(stripAnsi('\x1b]0;jsh\x07$ \x1b]8;;https://x.test\x1b\\link\x1b]8;;\x1b\\')).toBe('$ link');
    expect(stripAnsi('\x1b(Bplain\x1b=\x1b>')).toBe('plain');
  });

  it('makes CR LF a newline, lets a lone CR start the line over, and Backspace take a character back', () => {
    expect(stripAnsi('one\r\ntwo\r\n')).toBe('one\ntwo\n');
    expect(stripAnsi('#3 10%\r#3 55%\r#3 DONE 0.1s\n')).toBe('#3 DONE 0.1s\n');
    expect(stripAnsi('lx\b\bls\n')).toBe('ls\n');
    expect(stripAnsi('日本\b語')).toBe('日語');
  });

  it('drops other control characters but keeps tabs', () => {
    expect(stripAnsi('a\x07b\x00c\x7f\td')).toBe('abc\td');
  });
});

describe('PlainTextStream', () => {
  it('returns complete lines and keeps the unfinished one for flush', () => {
    const s = new PlainTextStream();
    expect(s.push('#1 [internal] load\n#2 ')).toBe('#1 [internal] load\n');
    expect(s.push('FROM node')).toBe('');
    expect(s.push(':22\n')).toBe('#2 FROM node:22\n');
    expect(s.push('$ ')).toBe('');
    expect(s.flush()).toBe('$ ');
    expect(s.flush()).toBe('');
  });

  it('holds back an escape sequence split across chunks', () => {
    const s = new PlainTextStream();
    expect(s.push('red: \x1b[3')).toBe('');
    expect(s.push('1mhot\x1b')).toBe('');
    expect(s.push('[0m\n')).toBe('red: hot\n');
  });

  it('a CR then LF does not wipe the line (only a CR followed by text does)', () => {
    const s = new PlainTextStream();
    expect(s.push('done\r')).toBe('');
    expect(s.push('\n')).toBe('done\n');
  });
});
