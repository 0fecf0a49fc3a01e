import { describe, expect, it } from 'vitest';
import { invalidReference, sourceExcerpt } from './cli';
import { allValues, flagOn, lastValue, parseBool, parseFlags, type FlagSpec, type ParsedFlags } from './flags';

const SPECS: FlagSpec[] = [
  { long: 'tag', short: 't', kind: 'list', help: '' },
  { long: 'file', short: 'f', kind: 'string', help: '' },
  { long: 'interactive', short: 'i', kind: 'bool', help: '' },
  { long: 'tty', short: 'T', kind: 'bool', help: '' },
  { long: 'detach', short: 'd', kind: 'bool', help: '' },
  { long: 'check', kind: 'bool', help: '' },
  { long: 'call', kind: 'string', noValue: 'check', help: '' },
  { long: 'pull', kind: 'bool', help: '', ignored: true },
];

const ok = (args: string[], interspersed = true): ParsedFlags => {
  const r = parseFlags(args, SPECS, { interspersed });
  if ('error' in r) throw new Error(r.error);
  return r;
};
const error = (args: string[]) => {
  const r = parseFlags(args, SPECS);
  return 'error' in r ? r.error : null;
};

describe('parseFlags: pflag as the Docker CLI uses it', () => {
  it('reads every way of giving a value', () => {
    for (const args of [['-t', 'a:1'], ['-ta:1'], ['-t=a:1'], ['--tag', 'a:1'], ['--tag=a:1']]) expect(allValues(ok(args), 'tag')).toEqual(['a:1']);
    expect(allValues(ok(['-t', 'a', '--tag=b', '-tc']), 'tag')).toEqual(['a', 'b', 'c']);
    // A value may start with a dash, as pflag takes the next word whatever it is.
    expect(lastValue(ok(['-f', '-x']), 'file')).toBe('-x');
    expect(lastValue(ok(['--tag=']), 'tag')).toBe('');
  });

  it('combines short booleans, and a value flag may end the group', () => {
    const p = ok(['-iTd']);
    expect([flagOn(p, 'interactive'), flagOn(p, 'tty'), flagOn(p, 'detach')]).toEqual([true, true, true]);
    const q = ok(['-it', 'x']);
    expect(flagOn(q, 'interactive')).toBe(true);
    expect(allValues(q, 'tag')).toEqual(['x']);
    expect(allValues(ok(['-itx']), 'tag')).toEqual(['x']);
  });

  it('booleans take =value as strconv.ParseBool reads it', () => {
    expect(flagOn(ok(['--check=false']), 'check')).toBe(false);
    expect(flagOn(ok(['--check=T']), 'check')).toBe(true);
    expect(flagOn(ok(['-i=false']), 'interactive')).toBe(false);
    expect(error(['--check=maybe'])).toBe('invalid argument "maybe" for "--check" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
    expect([parseBool('1'), parseBool('FALSE'), parseBool('yes')]).toEqual([true, false, null]);
  });

  it('a flag with a default for its bare form does not take the next word', () => {
    const p = ok(['--call', '.']);
    expect(lastValue(p, 'call')).toBe('check');
    expect(p.positionals).toEqual(['.']);
  });

  it('positionals: interspersed, or the rest after the first one; -- ends the flags; - is a word', () => {
    expect(ok(['.', '-t', 'x']).positionals).toEqual(['.']);
    const run = ok(['-d', 'img', '-it', 'sh', '--', 'x'], false);
    expect(run.positionals).toEqual(['img', '-it', 'sh', '--', 'x']);
    expect(flagOn(run, 'detach')).toBe(true);
    expect(ok(['--', '-t', 'x']).positionals).toEqual(['-t', 'x']);
    expect(ok(['-']).positionals).toEqual(['-']);
  });

  it("refuses in pflag's words", () => {
    expect(error(['--nope'])).toBe('unknown flag: --nope');
    expect(error(['--nope=1'])).toBe('unknown flag: --nope');
    expect(error(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(error(['-izT'])).toBe("unknown shorthand flag: 'z' in -zT");
    expect(error(['-t'])).toBe("flag needs an argument: 't' in -t");
    expect(error(['--file'])).toBe('flag needs an argument: --file');
    expect(error(['---x'])).toBe('bad flag syntax: ---x');
  });

  it('remembers the real Docker flags the simulation ignores', () => {
    expect(ok(['--pull', '--pull', '-t', 'x']).ignored).toEqual(['pull']);
  });
});

describe('image references, as distribution/reference refuses them', () => {
  it('accepts names, tags, registries and digests', () => {
    for (const ok of ['app', 'app:1.0', 'my-app_2.x:latest', 'team/app:v1', 'localhost:5000/app', 'ghcr.io/org/app:main', 'a__b', `app@sha256:${'a'.repeat(64)}`]) expect(invalidReference(ok), ok).toBeNull();
  });

  it('refuses with its messages', () => {
    expect(invalidReference('MyApp')).toBe('invalid reference format: repository name (library/MyApp) must be lowercase');
    expect(invalidReference('team/App:1')).toBe('invalid reference format: repository name (team/App) must be lowercase');
    expect(invalidReference('app:')).toBe('invalid reference format');
    expect(invalidReference('-app')).toBe('invalid reference format');
    expect(invalidReference('app:bad tag')).toBe('invalid reference format');
    expect(invalidReference('a'.repeat(64).replace(/a/g, 'f'))).toContain('cannot specify 64-byte hexadecimal strings');
  });
});

describe('sourceExcerpt (errdefs.Source.Print)', () => {
  const text = 'FROM alpine\nWORKDIR /app\nCOPY . .\nRUN make\nCMD x\n';
  it('marks the lines, with four lines of context for one line and two for a range', () => {
    expect(sourceExcerpt('Dockerfile', text, 3, 3)).toEqual([
      'Dockerfile:3',
      '--------------------',
      '   1 |     FROM alpine',
      '   2 |     WORKDIR /app',
      '   3 | >>> COPY . .',
      '   4 |     RUN make',
      '   5 |     CMD x',
      '--------------------',
    ]);
    expect(sourceExcerpt('Dockerfile', text, 2, 3)).toEqual([
      'Dockerfile:2',
      '--------------------',
      '   1 |     FROM alpine',
      '   2 | >>> WORKDIR /app',
      '   3 | >>> COPY . .',
      '   4 |     RUN make',
      '--------------------',
    ]);
    expect(sourceExcerpt('Dockerfile', text, 40, 40)).toEqual([]);
  });
});
