import { describe, expect, it } from 'vitest';
import { programOf, splitShell } from './shell';

const show = (script: string) => splitShell(script).map((c) => `${c.after ?? ''}${[...c.assignments, ...c.argv].map((w) => w.value).join(' ')}`);

describe('splitShell', () => {
  it('splits on && || ; | & and newlines, keeping the operator', () => {
    expect(show('a && b || c; d | e & f\ng')).toEqual(['a', '&&b', '||c', ';d', '|e', '&f', '\ng']);
  });

  it('removes quotes and escapes but not variables', () => {
    expect(show(`echo "a b" 'c $d' e\\ f $HOME`)).toEqual(['echo a b c $d e f $HOME']);
  });

  it('keeps redirections with & in one word', () => {
    expect(show('make 2>&1 && cmd &>/dev/null && x >&2')).toEqual(['make 2>&1', '&&cmd &>/dev/null', '&&x >&2']);
  });

  it('reads |& as a pipe', () => {
    expect(show('a |& b')).toEqual(['a', '|b']);
  });

  it('keeps operators inside ${…} and $(…)', () => {
    expect(show('echo ${x:-a|b} $(ls | wc -l)')).toEqual(['echo ${x:-a|b} $(ls | wc -l)']);
  });

  it('skips comments and joins escaped newlines', () => {
    expect(show('a \\\n  b # c && d\ne')).toEqual(['a b', '\ne']);
  });

  it('separates leading assignments and finds the program behind sudo/env', () => {
    const [cmd] = splitShell('CGO_ENABLED=0 GOOS=linux sudo env X=1 go build');
    expect(cmd!.assignments.map((w) => w.value)).toEqual(['CGO_ENABLED=0', 'GOOS=linux']);
    expect(programOf(cmd!).name).toBe('go');
    expect(programOf(splitShell('/usr/bin/npm ci')[0]!).name).toBe('npm');
  });

  it('never throws on unbalanced quotes and parentheses', () => {
    expect(() => splitShell('echo "unterminated $(oops ${x')).not.toThrow();
  });
});
