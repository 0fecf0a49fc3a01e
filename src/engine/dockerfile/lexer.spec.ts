import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse';
import { plainRange } from './source';
import { EnvMap, expandWord, findVariables } from './lexer';
import { expandableWords, mountFields, wordRange } from './expandable';
import { fileScopes, globalScope } from './scopes';
import { imageEnv } from '../images/env';

const env = new EnvMap([['A', 'alpha'], ['EMPTY', ''], ['PATH', '/usr/bin:/bin'], ['FILE', 'archive.tar.gz']]);
const names = (word: string) => findVariables(word).map((r) => r.name);

describe('findVariables', () => {
  it('finds $NAME and ${NAME} with their spans', () => {
    expect(findVariables('a$FOO/${BAR}')).toEqual([
      { name: 'FOO', start: 1, end: 5, nameStart: 2, nameEnd: 5, found: false },
      { name: 'BAR', start: 6, end: 12, nameStart: 8, nameEnd: 11, found: false },
    ]);
  });

  it('covers the whole ${NAME:-word} form, word included', () => {
    const [ref] = findVariables('x${MODE:-prod}y');
    expect(ref).toMatchObject({ name: 'MODE', start: 1, end: 14, nameStart: 3, nameEnd: 7 });
  });

  it('finds variables inside modifier words', () => {
    expect(names('${A:-$B}')).toEqual(['B', 'A']);
    expect(names('${A:+${B:-c}}')).toEqual(['B', 'A']);
  });

  it('stops names at characters that cannot be in them', () => {
    expect(names('$FOO-bar $FOO.txt $a_b9')).toEqual(['FOO', 'FOO', 'a_b9']);
  });

  it('reads digits and special parameters as BuildKit does', () => {
    expect(names('$1 $12x $@ $$ $?')).toEqual(['1', '12', '@', '$', '?']);
  });

  it('treats a lone $ as text', () => {
    expect(names('cost: 5$')).toEqual([]);
    expect(names('$ $/x')).toEqual([]);
  });

  it('skips single quotes and escaped dollars', () => {
    expect(names("'$A' \\$B \"$C\"")).toEqual(['C']);
  });

  it('uses the escape token of the file', () => {
    expect(findVariables('`$A $B', { escape: '`' }).map((r) => r.name)).toEqual(['B']);
    expect(findVariables('\\$A', { escape: '`' }).map((r) => r.name)).toEqual(['A']);
  });

  it('keeps quotes as text in raw mode (heredoc bodies)', () => {
    expect(findVariables("echo '$A' \"$B\"", { skipQuotes: true }).map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('accepts Unicode letters in names', () => {
    expect(names('$ÄPFEL')).toEqual(['ÄPFEL']);
  });
});

describe('expandWord', () => {
  const value = (word: string) => expandWord(word, env).value;

  it('substitutes and removes quotes', () => {
    expect(value('$A')).toBe('alpha');
    expect(value('"$A b"')).toBe('alpha b');
    expect(value("'$A'")).toBe('$A');
    expect(value('a\\ b')).toBe('a b');
    expect(value('"a\\"b\\x"')).toBe('a"b\\x');
    expect(value('$NOPE-x')).toBe('-x');
  });

  it('applies the default, alternative and error modifiers', () => {
    expect(value('${NOPE-d} ${EMPTY-d} ${EMPTY:-d} ${A:-d}')).toBe('d  d alpha');
    expect(value('${A+x}|${EMPTY+x}|${EMPTY:+x}|${NOPE+x}')).toBe('x|x||');
    expect(value('${A?}')).toBe('alpha');
    expect(expandWord('${NOPE?must be set}', env).error).toBe('NOPE: must be set');
    expect(expandWord('${EMPTY:?}', env).error).toBe('EMPTY: is not allowed to be empty');
  });

  it('trims prefixes and suffixes with patterns', () => {
    expect(value('${FILE#*.}')).toBe('tar.gz');
    expect(value('${FILE##*.}')).toBe('gz');
    expect(value('${FILE%.*}')).toBe('archive.tar');
    expect(value('${FILE%%.*}')).toBe('archive');
  });

  it('replaces with patterns', () => {
    expect(value('${PATH/bin/sbin}')).toBe('/usr/sbin:/bin');
    expect(value('${PATH//bin/sbin}')).toBe('/usr/sbin:/sbin');
  });

  it('records matched and unmatched names once each', () => {
    const result = expandWord('$A $NOPE ${NOPE:-x} $A', env);
    expect(result.matched).toEqual(['A']);
    expect(result.unmatched).toEqual(['NOPE']);
    expect(result.refs.map((r) => r.found)).toEqual([true, false, false, true]);
  });

  it('splits words after substitution, keeping quoted spaces', () => {
    const e = new EnvMap([['PORTS', '80 443']]);
    expect(expandWord('$PORTS', e).words).toEqual(['80', '443']);
    expect(expandWord('"$PORTS"', e).words).toEqual(['80 443']);
  });

  it('reports what BuildKit refuses, without throwing', () => {
    expect(expandWord('${', env).error).toBe("syntax error: missing '}'");
    expect(expandWord('${}', env).error).toBe('syntax error: bad substitution');
    expect(expandWord('${A:#x}', env).error).toBe('unsupported modifier (:#) in substitution');
    expect(expandWord("'open", env).error).toBe('unexpected end of statement while looking for matching single-quote');
    expect(expandWord('"open', env).error).toBe('unexpected end of statement while looking for matching double-quote');
    expect(expandWord('${A', env).error).not.toBeNull();
  });

  it('survives pathological nesting', () => {
    const deep = '${A:-'.repeat(5000) + '}'.repeat(5000);
    expect(() => expandWord(deep, env)).not.toThrow();
    expect(expandWord(deep, env).error).not.toBeNull();
  });
});

describe('mountFields', () => {
  it('splits a --mount value into fields with value offsets', () => {
    expect(mountFields('type=cache,target=/root/.cache,ro')).toEqual([
      { key: 'type', value: 'cache', valueStart: 5 },
      { key: 'target', value: '/root/.cache', valueStart: 18 },
      { key: 'ro', value: null, valueStart: -1 },
    ]);
  });

  it('keeps commas inside quoted fields', () => {
    expect(mountFields('"target=/a,b",from=x').map((f) => f.value)).toEqual(['/a,b', 'x']);
  });
});

describe('expandableWords', () => {
  const words = (code: string) => {
    const file = parseDockerfile(`FROM alpine\n${code}`);
    return expandableWords(file.instructions[1]!).map((w) => w.text);
  };

  it('takes ENV and LABEL keys and raw values', () => {
    expect(words('ENV A="x y" B=$C')).toEqual(['A', '"x y"', 'B', '$C']);
    expect(words('LABEL k v w')).toEqual(['k', 'v w']);
  });

  it('takes COPY and ADD paths and flags, not --from, heredoc words or --chmod', () => {
    expect(words('COPY --from=x --chown=$U --chmod=$M a $B /dest')).toEqual(['$U', 'a', '$B', '/dest']);
    expect(words('ADD --checksum=$SUM https://example.com/x /x')).toEqual(['$SUM', 'https://example.com/x', '/x']);
    expect(words('COPY <<EOF /a\n$X\nEOF')).toEqual(['/a', '$X\n']);
    expect(words("COPY <<'EOF' /a\n$X\nEOF")).toEqual(['/a']);
  });

  it('takes WORKDIR, USER, VOLUME, STOPSIGNAL and RUN --mount values', () => {
    expect(words('WORKDIR $HOME/app')).toEqual(['$HOME/app']);
    expect(words('USER $UID:$GID')).toEqual(['$UID:$GID']);
    expect(words('VOLUME ["/data", "$LOGS"]')).toEqual(['/data', '$LOGS']);
    expect(words('STOPSIGNAL $SIG')).toEqual(['$SIG']);
    expect(words('RUN --mount=type=cache,target=$T echo $NOT_EXPANDED')).toEqual(['cache', '$T']);
  });

  it('leaves commands to the shell', () => {
    expect(words('RUN echo $A')).toEqual([]);
    expect(words('CMD echo $A')).toEqual([]);
    expect(words('ENTRYPOINT ["sh", "-c", "$A"]')).toEqual([]);
    expect(words('EXPOSE $PORT')).toEqual([]);
  });
});

describe('wordRange', () => {
  it('points at the variable when the word is the source text', () => {
    const file = parseDockerfile('FROM alpine\nCOPY src/$NAME /app');
    const word = expandableWords(file.instructions[1]!)[0]!;
    const ref = findVariables(word.text)[0]!;
    expect(plainRange(wordRange(file, word, ref.start, ref.end))).toEqual({ start: { line: 1, character: 9 }, end: { line: 1, character: 14 } });
  });

  it('falls back to the whole word when JSON changed the text', () => {
    const file = parseDockerfile('FROM alpine\nVOLUME ["/a\\u0020$X"]');
    const word = expandableWords(file.instructions[1]!)[0]!;
    expect(plainRange(wordRange(file, word, 3, 5))).toEqual(plainRange(word.range));
  });
});

describe('globalScope', () => {
  it('has the platform ARGs and the global defaults, expanded in order', () => {
    const file = parseDockerfile('ARG BASE=alpine\nARG TAG\nARG IMAGE=${BASE}:3.20\nFROM $IMAGE');
    const global = globalScope(file);
    expect(global.env.get('TARGETPLATFORM')).toBe('linux/amd64');
    expect(global.env.get('BUILDARCH')).toBe('amd64');
    expect(global.env.get('IMAGE')).toBe('alpine:3.20');
    expect(global.env.has('TAG')).toBe(false);
    expect(global.declared).toEqual(['BASE', 'TAG', 'IMAGE']);
    expect(global.error).toBe(false);
  });

  it('notes a default BuildKit cannot expand', () => {
    expect(globalScope(parseDockerfile('ARG X=${\nFROM alpine')).error).toBe(true);
  });
});

describe('fileScopes', () => {
  it('starts a stage with the base image ENV and PATH', () => {
    const file = parseDockerfile('FROM golang:1.22 AS build\nFROM scratch\nFROM example.com/team/app:1');
    const [go, scratch, other] = fileScopes(file).stages;
    expect(go!.start.env.get('GOPATH')).toBe('/go');
    expect(go!.start.env.get('PATH')).toContain('/usr/local/go/bin');
    expect(scratch!.start.env.keys()).toEqual(['PATH']);
    expect(other!.start.env.keys()).toEqual(['PATH']);
  });

  it('gives each instruction the scope before it runs', () => {
    const file = parseDockerfile('FROM alpine\nENV A=1\nARG B\nARG C=$A\nRUN true');
    const stage = fileScopes(file).stages[0]!;
    const [env, argB, argC, run] = stage.stage.instructions;
    expect(stage.before.get(env!)!.env.has('A')).toBe(false);
    expect(stage.before.get(argB!)!.env.get('A')).toBe('1');
    expect(stage.before.get(argC!)!.args.has('B')).toBe(true);
    expect(stage.before.get(argC!)!.env.has('B')).toBe(false);
    expect(stage.before.get(run!)!.env.get('C')).toBe('1');
  });

  it('gives a redeclared global ARG its global value', () => {
    const file = parseDockerfile('ARG VERSION=1.2\nFROM alpine\nARG VERSION\nARG TARGETOS\nRUN true');
    const stage = fileScopes(file).stages[0]!;
    expect(stage.end.env.get('VERSION')).toBe('1.2');
    expect(stage.end.env.get('TARGETOS')).toBe('linux');
  });

  it('inherits ENV and ARGs from FROM <stage>, resolved after global expansion', () => {
    const file = parseDockerfile('ARG PARENT=base\nFROM alpine AS base\nENV A=1\nARG B\nFROM ${PARENT} AS child\nFROM BASE');
    const [, child, upper] = fileScopes(file).stages;
    expect(child!.parent).toBe(0);
    expect(child!.start.env.get('A')).toBe('1');
    expect(child!.start.args.has('B')).toBe(true);
    // BuildKit looks the base up as written: `BASE` is an image, not the stage.
    expect(upper!.parent).toBe(-1);
  });

  it('never throws on broken input', () => {
    for (const code of ['', 'FROM', 'ARG', 'FROM a\nENV', 'FROM ${\nARG X=${', 'FROM a AS b\nFROM b AS a\nFROM a']) {
      expect(() => fileScopes(parseDockerfile(code))).not.toThrow();
    }
  });
});

describe('imageEnv', () => {
  it('knows official images by repository, whatever the tag or registry prefix', () => {
    expect(imageEnv('node:20-alpine').has('NODE_VERSION')).toBe(true);
    expect(imageEnv('docker.io/library/python:3.12-slim').has('PYTHON_VERSION')).toBe(true);
    expect(imageEnv('gcr.io/distroless/static-debian12').has('SSL_CERT_FILE')).toBe(true);
    expect(imageEnv('mycorp/node').keys()).toEqual([]);
  });
});
