import { describe, expect, it } from 'vitest';
import { checkComment, parseCheckDirective, parseDockerfile } from './parse';
import type { Range } from './source';
import { dump } from '../testing/dump';

const d = (text: string) => dump(parseDockerfile(text));
const errors = (text: string) => parseDockerfile(text).diagnostics.filter((x) => x.severity === 'error').map((x) => x.message);
/** 1-based "line:col-line:col" of a range, easy to read in assertions. */
const at = (r: Range | null | undefined) =>
  r ? `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}` : 'none';

describe('instruction split (as BuildKit dumps it)', () => {
  it('splits words, flags, JSON and shell form', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'COPY --from=build --chown=10:10 /out/app /usr/bin/',
      'RUN ["go", "build", "./..."]',
      'CMD server --port 80',
      'EXPOSE 80/tcp 443',
      'VOLUME ["/data", "/logs"]',
      'VOLUME /a /b',
      'USER app:app',
      'WORKDIR /srv/my app',
      'STOPSIGNAL SIGTERM',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    ].join('\n');
    expect(d(text)).toBe(
      [
        '(from ["--platform=$BUILDPLATFORM"] "golang:1.22" "AS" "build")',
        '(copy ["--from=build" "--chown=10:10"] "/out/app" "/usr/bin/")',
        '(run "go" "build" "./...")',
        '(cmd "server --port 80")',
        '(expose "80/tcp" "443")',
        '(volume "/data" "/logs")',
        '(volume "/a" "/b")',
        '(user "app:app")',
        '(workdir "/srv/my app")',
        '(stopsignal "SIGTERM")',
        '(shell "/bin/bash" "-o" "pipefail" "-c")',
      ].join('\n'),
    );
  });

  it('falls back to shell form when the JSON does not parse', () => {
    const file = parseDockerfile('FROM a\nCMD [node, "x"]\nCMD ["a",]\nCMD ["ok"] trailing\nENTRYPOINT [ "ok" ]  ');
    expect(file.instructions.slice(1).map((i) => [i.json, i.args.map((a) => a.value)])).toEqual([
      [false, ['[node, "x"]']],
      [false, ['["a",]']],
      [false, ['["ok"] trailing']],
      [true, ['ok']],
    ]);
  });

  it('refuses a JSON array that holds something other than strings', () => {
    expect(errors('FROM a\nRUN ["echo", 1]')).toEqual(['when using JSON array syntax, arrays must be comprised of strings only']);
  });

  it('keeps the keyword as written and matches instructions case-insensitively', () => {
    const file = parseDockerfile('from alpine\nRun echo hi');
    expect(file.instructions.map((i) => [i.keyword, i.name])).toEqual([['from', 'FROM'], ['Run', 'RUN']]);
  });

  it('reads ENV and LABEL in k=v and legacy k v forms', () => {
    expect(d('FROM a\nENV A=1 B="two words" C=\nENV PATH /usr/local/bin:$PATH\nLABEL org.label="x y" v=1\nLABEL maintainer Jane Doe <j@x>')).toBe(
      [
        '(from "a")',
        '(env "A" "1" "B" "\\"two words\\"" "C" "")',
        '(env "PATH" "/usr/local/bin:$PATH")',
        '(label "org.label" "\\"x y\\"" "v" "1")',
        '(label "maintainer" "Jane Doe <j@x>")',
      ].join('\n'),
    );
    const env = parseDockerfile('FROM a\nENV B="two words"').instructions[1]!.keyValues[0]!;
    expect([env.key, env.value, env.rawValue, env.form]).toEqual(['B', 'two words', '"two words"', 'equals']);
  });

  it('refuses ENV and LABEL that BuildKit refuses', () => {
    expect(errors('FROM a\nENV X')).toEqual(['ENV must have two arguments']);
    expect(errors('FROM a\nENV')).toEqual(['ENV requires at least one argument']);
    expect(errors('FROM a\nENV A=1 B')).toEqual(['Syntax error - can\'t find = in "B". Must be of the form: name=value']);
    expect(errors('FROM a\nLABEL =x')).toEqual(['LABEL names can not be blank']);
  });

  it('reads ARG names with and without defaults', () => {
    const file = parseDockerfile('ARG NODE=20 BASE\nFROM node:${NODE}');
    expect(file.globalArgs).toHaveLength(1);
    expect(file.globalArgs[0]!.keyValues.map((k) => [k.key, k.value, k.form])).toEqual([
      ['NODE', '20', 'equals'],
      ['BASE', null, 'name-only'],
    ]);
  });

  it('reads HEALTHCHECK forms', () => {
    expect(d('FROM a\nHEALTHCHECK\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s --retries=3 \\\n  CMD /check.sh --quiet\nHEALTHCHECK   CMD   a b\nHEALTHCHECK --timeout=3s CMD ["curl", "-f", "x"]')).toBe(
      [
        '(from "a")',
        '(healthcheck)',
        '(healthcheck "NONE")',
        '(healthcheck ["--interval=5s" "--retries=3"] "CMD" "/check.sh --quiet")',
        '(healthcheck "CMD" "a b")',
        '(healthcheck ["--timeout=3s"] "CMD" "curl" "-f" "x")',
      ].join('\n'),
    );
    expect(errors('FROM a\nHEALTHCHECK CONNECT x')).toEqual(['Unknown type "CONNECT" in HEALTHCHECK (try CMD)']);
    expect(errors('FROM a\nHEALTHCHECK NONE x')).toEqual(['HEALTHCHECK NONE takes no arguments']);
    // BuildKit (73ed682) accepts --retries=0 and refuses only negative values.
    expect(errors('FROM a\nHEALTHCHECK --retries=0 CMD x')).toEqual([]);
    expect(errors('FROM a\nHEALTHCHECK --retries=-1 CMD x')).toEqual(['--retries cannot be negative (-1)']);
    expect(errors('FROM a\nHEALTHCHECK CMD')).toEqual(['Missing command after HEALTHCHECK CMD']);
  });

  it('reads ONBUILD triggers and refuses the ones BuildKit refuses', () => {
    const file = parseDockerfile('FROM a\nONBUILD COPY --from=x . /app\nONBUILD ONBUILD RUN x\nONBUILD FROM b');
    expect(dump(file).split('\n')[1]).toBe('(onbuild (copy ["--from=x"] "." "/app"))');
    expect(file.instructions[1]!.trigger?.name).toBe('COPY');
    expect(file.diagnostics.map((x) => x.message)).toEqual([
      "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
      "FROM isn't allowed as an ONBUILD trigger",
    ]);
  });

  it('removes quotes and backslashes from flags like BuildKit', () => {
    const ins = parseDockerfile('FROM a\nRUN --mount="type=cache,target=/root/.npm" npm ci').instructions[1]!;
    expect(ins.flags.map((f) => [f.name, f.value, f.text])).toEqual([['mount', 'type=cache,target=/root/.npm', '--mount=type=cache,target=/root/.npm']]);
    expect(ins.args.map((a) => a.value)).toEqual(['npm ci']);
  });

  it('ends the flags at a lone --', () => {
    const ins = parseDockerfile('FROM a\nCOPY --link -- --weird-name /x').instructions[1]!;
    expect(ins.flags.map((f) => f.text)).toEqual(['--link']);
    expect(ins.args.map((a) => a.value)).toEqual(['--weird-name', '/x']);
  });

  it('refuses unknown, duplicate and malformed flags', () => {
    expect(errors('FROM a\nCOPY --form=b x y')).toEqual(['unknown flag: form']);
    expect(errors('FROM a\nCOPY --from=a --from=b x y')).toEqual(['duplicate flag specified: from']);
    expect(errors('FROM a\nCOPY --link=maybe x y')).toEqual(['expecting boolean value for flag link, not: maybe']);
    expect(errors('FROM a\nCOPY --from x y')).toEqual(['missing a value on flag: from']);
    expect(errors('FROM a\nRUN --mount=type=cache,target=/a --mount=type=secret,id=b x')).toEqual([]);
  });

  it('refuses unknown instructions, suggesting the near one', () => {
    expect(errors('FROM a\nFORM b')).toEqual(['unknown instruction: FORM (did you mean FROM?)']);
    expect(errors('FROM a\nHELLO world')).toEqual(['unknown instruction: HELLO (did you mean SHELL?)']);
    expect(errors('FROM a\ndownload x')).toEqual(['unknown instruction: download']);
    expect(errors('FROM a\nrum x')).toEqual(['unknown instruction: rum (did you mean run?)']);
  });

  it('refuses instructions before the first FROM other than ARG', () => {
    expect(errors('ARG X=1\nRUN echo\nFROM a')).toEqual(['no build stage in current context']);
  });

  it('refuses FROM with the wrong number of words and invalid stage names', () => {
    expect(errors('FROM a b')).toEqual(['FROM requires either one or three arguments']);
    expect(errors('FROM a AS 1st')).toEqual(['invalid name for build stage: "1st", name can\'t start with a number or contain symbols']);
    expect(errors('FROM a AS My_Stage.v2-x')).toEqual([]);
  });

  it('refuses COPY and ADD without a destination, and a heredoc as destination', () => {
    expect(errors('FROM a\nCOPY x')).toEqual(['COPY requires at least two arguments, but only one was provided. Destination could not be determined']);
    expect(errors('FROM a\nCOPY x <<EOF\nhi\nEOF')).toEqual(['COPY cannot accept a heredoc as a destination']);
  });

  it('refuses a file with no instructions, and SHELL in shell form', () => {
    expect(errors('')).toEqual(['file with no instructions']);
    expect(errors('# only a comment\n\n')).toEqual(['file with no instructions']);
    expect(errors('FROM a\nSHELL /bin/bash -c')).toEqual(['SHELL requires the arguments to be in JSON form']);
  });
});

describe('continuation lines', () => {
  it('joins lines ending in the escape token, keeping the next line’s indentation', () => {
    expect(d('FROM a\nRUN apt-get update \\\n    && apt-get install -y curl')).toBe('(from "a")\n(run "apt-get update     && apt-get install -y curl")');
  });

  it('skips comment lines and blank lines inside a continuation, noting the blank ones', () => {
    const file = parseDockerfile('FROM a\nRUN one \\\n  # a comment\n\n  two');
    expect(dump(file)).toBe('(from "a")\n(run "one   two")');
    expect(file.instructions[1]!.emptyContinuationLines).toEqual([3]);
    expect([file.instructions[1]!.startLine, file.instructions[1]!.endLine]).toEqual([1, 4]);
  });

  it('does not continue after an escaped escape token', () => {
    expect(d('FROM a\nRUN echo \\\\\nRUN next')).toBe('(from "a")\n(run "echo \\\\\\\\")\n(run "next")');
  });

  it('continues on a line that holds only the escape token', () => {
    expect(d('FROM a\nRUN one \\\n\\\ntwo')).toBe('(from "a")\n(run "one two")');
  });

  it('allows spaces and tabs after the escape token', () => {
    expect(d('FROM a\nRUN one \\ \t\ntwo')).toBe('(from "a")\n(run "one two")');
  });

  it('uses the escape directive’s backtick, and then a backslash is plain text', () => {
    const file = parseDockerfile('# escape=`\nFROM windows\nRUN dir C:\\ `\n  /s');
    expect(file.escapeToken).toBe('`');
    expect(dump(file)).toBe('(from "windows")\n(run "dir C:\\\\   /s")');
  });

  it('ends an unfinished continuation at the end of the file', () => {
    expect(d('FROM a\nRUN x \\')).toBe('(from "a")\n(run "x")');
  });
});

describe('directives', () => {
  it('reads syntax, escape and check at the top, case-insensitively', () => {
    const file = parseDockerfile('# syntax=docker/dockerfile:1\n#Escape = `\n# check=skip=JSONArgsRecommended,StageNameCasing;error=true\nFROM a');
    expect(file.directives.map((x) => [x.name, x.value])).toEqual([
      ['syntax', 'docker/dockerfile:1'],
      ['escape', '`'],
      ['check', 'skip=JSONArgsRecommended,StageNameCasing;error=true'],
    ]);
    expect(file.check).toEqual({ skip: ['JSONArgsRecommended', 'StageNameCasing'], skipAll: false, error: true, experimental: [], experimentalAll: false });
  });

  describe('# check= as BuildKit reads it (linter.ParseLintOptions)', () => {
    const opts = (v: string) => parseCheckDirective(v);
    it('takes skip, experimental and error, names exactly as written', () => {
      expect(opts('skip=A, b ;experimental=all;error=1')).toEqual({ skip: ['A', 'b'], skipAll: false, error: true, experimental: [], experimentalAll: true });
      expect(opts(' skip = all ')).toMatchObject({ skipAll: true, skip: [] });
      // A later skip replaces an earlier one.
      expect(opts('skip=A;skip=B')).toMatchObject({ skip: ['B'] });
      for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(opts(`error=${t}`)).toMatchObject({ error: true });
      for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(opts(`error=${f}`)).toMatchObject({ error: false });
    });
    it("refuses what BuildKit refuses, in BuildKit's words", () => {
      expect(opts('skip')).toEqual({ invalid: 'invalid check option "skip"' });
      expect(opts('Skip=A')).toEqual({ invalid: 'invalid check option "Skip"' });
      expect(opts('error=yes')).toEqual({ invalid: 'failed to parse check option "error=yes": strconv.ParseBool: parsing "yes": invalid syntax' });
      // At most three parts: the third keeps the rest, `;` included (so it is a rule name here).
      expect(opts('skip=A;error=true;skip=B;x')).toMatchObject({ skip: ['B;x'], error: true });
      expect(opts('skip=A;error=true;x;y')).toEqual({ invalid: 'invalid check option "x;y"' });
    });
    it("the file's directive: its value up to the first space; options that do not parse stop the build", () => {
      expect(parseDockerfile('# check=skip=all // why\nFROM a\n').check.skipAll).toBe(true);
      const bad = parseDockerfile('# check=skip\nFROM a\n');
      expect(bad.diagnostics.map((d) => [d.severity, d.message])).toEqual([['error', 'failed to parse check options: invalid check option "skip"']]);
    });
  });

  describe("comments above an instruction (BuildKit's PrevComment)", () => {
    const comments = (text: string) => parseDockerfile(text).instructions.map((i) => i.comments);
    it('keeps the comment lines since the last instruction; blank lines do not break them, a bare # starts again', () => {
      expect(comments('FROM a\n# one\n\n#two  \nRUN x\nRUN y\n')).toEqual([[], ['one', 'two'], []]);
      expect(comments('FROM a\n# one\n#\n# two\nRUN x\n')).toEqual([[], ['two']]);
    });
    it('leaves out parser directives, and keeps the # of an indented comment as BuildKit does', () => {
      expect(comments('# check=skip=A\n# about\nFROM a\n')).toEqual([['about']]);
      expect(comments('FROM a\n  # indented\nRUN x\n')).toEqual([[], ['# indented']]);
    });
    it('takes no comment from inside a continuation or a heredoc', () => {
      expect(comments('FROM a\nRUN x \\\n# inside\n  y\nRUN z\n')).toEqual([[], [], []]);
      expect(comments('FROM a\nRUN <<EOF\n# body\nEOF\nRUN z\n')).toEqual([[], [], []]);
    });
    it("reads a check= comment with BuildKit's directive rules (name any case, value to the first space)", () => {
      const [, run] = parseDockerfile('FROM a\n# CHECK = skip=JSONArgsRecommended remark\nCMD x\n').instructions;
      expect(checkComment(run!)).toMatchObject({ skip: ['JSONArgsRecommended'] });
      const [, other] = parseDockerfile('FROM a\n# note\n# check=skip\nCMD x\n').instructions;
      expect(checkComment(other!)).toEqual({ invalid: 'invalid check option "skip"' });
    });
  });

  it('stops looking for directives after any other line', () => {
    const file = parseDockerfile('# a comment\n# escape=`\nFROM a');
    expect(file.directives).toEqual([]);
    expect(file.escapeToken).toBe('\\');
    expect(parseDockerfile('\n# escape=`\nFROM a').directives).toEqual([]);
    expect(parseDockerfile('# unknown=1\n# escape=`\nFROM a').directives).toEqual([]);
  });

  it('refuses a repeated directive and a bad escape token', () => {
    expect(errors('# escape=`\n# escape=\\\nFROM a')).toEqual(['only one escape parser directive can be used']);
    expect(errors('# escape=x\nFROM a')).toEqual(["invalid escape token 'x' does not match ` or \\"]);
  });

  it('understands check=skip=all', () => {
    expect(parseDockerfile('# check=skip=all\nFROM a').check.skipAll).toBe(true);
  });
});

describe('heredocs', () => {
  it('reads a heredoc body until its terminator, keeping line endings', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF\napk add curl\necho done\nEOF\nCMD x');
    const run = file.instructions[1]!;
    expect(run.heredocs.map((h) => [h.name, h.content, h.chomp, h.expand])).toEqual([['EOF', 'apk add curl\necho done\n', false, true]]);
    expect([run.startLine, run.endLine]).toEqual([1, 4]);
    expect(file.instructions[2]!.name).toBe('CMD');
  });

  it('reads several heredocs in one instruction, <<- and quoted delimiters', () => {
    const run = parseDockerfile('FROM a\nRUN cat <<-"ONE" <<TWO > /out\n\tfirst\n\tONE\nsecond\nTWO').instructions[1]!;
    expect(run.heredocs.map((h) => [h.name, h.content, h.chomp, h.expand])).toEqual([
      ['ONE', '\tfirst\n', true, false],
      ['TWO', 'second\n', false, true],
    ]);
  });

  it('reads COPY heredocs and file descriptors', () => {
    const copy = parseDockerfile("FROM a\nCOPY <<'EOF' /etc/app.conf\nkey=$value\nEOF").instructions[1]!;
    expect(copy.heredocs[0]).toMatchObject({ name: 'EOF', content: 'key=$value\n', expand: false, fd: 0 });
    expect(parseDockerfile('FROM a\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF').instructions[1]!.heredocs[0]!.fd).toBe(3);
  });

  it('does not treat <<< or quoted << as a heredoc, nor JSON-form RUN', () => {
    expect(parseDockerfile('FROM a\nRUN cat <<<"str"\nRUN echo "<<EOF"\nRUN ["cat", "<<EOF"]').instructions.every((i) => i.heredocs.length === 0)).toBe(true);
  });

  it('reports an unterminated heredoc', () => {
    expect(errors('FROM a\nRUN <<EOF\necho')).toEqual(['unterminated heredoc: no line "EOF" closes it']);
  });

  it('keeps CRLF line endings in heredoc bodies and matches terminators without them', () => {
    const run = parseDockerfile('FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n').instructions[1]!;
    expect(run.heredocs[0]!.content).toBe('echo hi\r\n');
  });
});

describe('BOM, CRLF and odd input', () => {
  it('ignores a byte-order mark on the first line', () => {
    const file = parseDockerfile('\ufeff# syntax=docker/dockerfile:1\nFROM a');
    expect(file.directives[0]?.value).toBe('docker/dockerfile:1');
    expect(file.instructions[0]!.keywordRange.start).toEqual({ line: 1, character: 0 });
  });

  it('reads CRLF files like LF files', () => {
    expect(d('FROM a\r\nRUN x \\\r\n  y\r\n')).toBe('(from "a")\n(run "x   y")');
  });

  it('survives NUL bytes and control characters', () => {
    const file = parseDockerfile('FROM a\u0000b\nRUN \u0000');
    expect(file.instructions).toHaveLength(2);
  });

  it('reports a line longer than BuildKit accepts', () => {
    expect(errors(`FROM a\nRUN echo ${'x'.repeat(70_000)}`)).toEqual(['dockerfile line greater than max allowed size of 65535']);
  });
});

describe('ranges', () => {
  const text = 'FROM node:20 AS build\nCOPY --from=build \\\n     /app/dist ./dist\nENV A=1 B="x"\nCMD ["node", "s.js"]';
  const file = parseDockerfile(text);
  const [from, copy, env, cmd] = file.instructions as [any, any, any, any];

  it('cover the keyword, each flag, its name and value, and each argument', () => {
    expect(at(from.keywordRange)).toBe('1:1-1:5');
    expect(from.args.map((a: any) => at(a.range))).toEqual(['1:6-1:13', '1:14-1:16', '1:17-1:22']);
    expect(at(file.stages[0]!.nameRange)).toBe('1:17-1:22');
    const f = copy.flags[0];
    expect([at(f.range), at(f.nameRange), at(f.valueRange)]).toEqual(['2:6-2:18', '2:8-2:12', '2:13-2:18']);
  });

  it('follow arguments onto continuation lines', () => {
    expect(copy.args.map((a: any) => at(a.range))).toEqual(['3:6-3:15', '3:16-3:22']);
    expect(at(copy.range)).toBe('2:1-3:22');
  });

  it('cover ENV keys and values and JSON items', () => {
    expect(env.keyValues.map((k: any) => [at(k.keyRange), at(k.valueRange)])).toEqual([
      ['4:5-4:6', '4:7-4:8'],
      ['4:9-4:10', '4:11-4:14'],
    ]);
    expect(cmd.args.map((a: any) => at(a.range))).toEqual(['5:6-5:12', '5:14-5:20']);
  });

  it('put heredoc bodies inside the instruction’s range', () => {
    const run = parseDockerfile('FROM a\nRUN <<EOF\nx\nEOF\n').instructions[1]!;
    expect(at(run.range)).toBe('2:1-4:4');
    expect(at(run.heredocs[0]!.range)).toBe('2:5-2:10');
    expect(at(run.heredocs[0]!.bodyRange)).toBe('3:1-4:4');
  });
});

describe('stages', () => {
  it('index stages, lower-case their names and keep the global ARGs apart', () => {
    const file = parseDockerfile('ARG BASE=alpine\nFROM --platform=linux/amd64 node:20 AS Build\nRUN x\nFROM ${BASE}\nCOPY --from=build /a /b');
    expect(file.globalArgs.map((a) => a.args[0]!.value)).toEqual(['BASE=alpine']);
    expect(file.stages.map((s) => [s.index, s.name, s.rawName, s.base, s.platform, s.instructions.length])).toEqual([
      [0, 'build', 'Build', 'node:20', 'linux/amd64', 1],
      [1, null, null, '${BASE}', null, 1],
    ]);
    expect(file.instructions.map((i) => i.stage)).toEqual([-1, 0, 0, 1, 1]);
  });
});
