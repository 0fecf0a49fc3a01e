/**
 * `stagecraft parse --json` on multi-stage Dockerfiles written the way real
 * projects write them: ARG before FROM, RUN --mount, COPY --link, heredocs
 * (quoted, <<-, on RUN and COPY), HEALTHCHECK in exec form, the escape directive.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';

async function parse(path: string) {
  let out = '';
  const code = await main(['parse', path, '--json'], { stdout: (s) => void (out += s), stderr: (s) => void (out += s), cwd: REPO_ROOT });
  return { code, json: JSON.parse(out) };
}

describe('realistic multi-stage Dockerfiles', () => {
  it('a Python service with cache and bind mounts, --link and heredocs', async () => {
    const { code, json } = await parse('tests/fixtures/realistic-python.Dockerfile');
    expect(code).toBe(0);
    expect(json.directives).toEqual({ syntax: 'docker/dockerfile:1.7' });
    expect(json.stages).toEqual([
      { index: 0, name: 'base', base: 'python:${PYTHON_VERSION}-slim', line: 5 },
      { index: 1, name: 'deps', base: 'base', line: 10 },
      { index: 2, name: 'runtime', base: 'base', line: 15 },
    ]);
    const by = (line: number) => json.instructions.find((i: { line: number }) => i.line === line);
    expect(by(2)).toMatchObject({ keyword: 'ARG', args: ['PYTHON_VERSION=3.12'] });
    expect(by(6)).toMatchObject({ keyword: 'ENV', args: ['PYTHONDONTWRITEBYTECODE', '1', 'PYTHONUNBUFFERED', '1'], endLine: 7 });
    expect(by(11)).toMatchObject({
      keyword: 'RUN',
      flags: ['--mount=type=cache,target=/root/.cache/pip', '--mount=type=bind,source=requirements.txt,target=requirements.txt'],
      args: ['pip install --prefix=/install -r requirements.txt'],
      endLine: 13,
    });
    expect(by(16)).toMatchObject({ keyword: 'COPY', flags: ['--link', '--from=deps'], args: ['/install', '/usr/local'] });
    expect(by(18)).toMatchObject({
      keyword: 'RUN',
      args: ['<<EOT bash'],
      heredocs: [{ name: 'EOT', content: 'set -euo pipefail\ngroupadd --gid 10001 app\nuseradd --uid 10001 --gid app --no-create-home app\n' }],
      endLine: 22,
    });
    expect(by(23)).toMatchObject({ keyword: 'COPY', args: ['<<-"EOF"', '/srv/gunicorn.conf.py'], heredocs: [{ name: 'EOF', content: '\tbind = "0.0.0.0:8000"\n\tworkers = 2\n' }], endLine: 26 });
    expect(by(29)).toMatchObject({ keyword: 'HEALTHCHECK', flags: ['--interval=30s', '--timeout=3s'], json: true });
    expect(by(29).args[0]).toBe('CMD');
    expect(json.diagnostics).toEqual([]);
  });

  it('a Windows image with the backtick escape directive', async () => {
    const { code, json } = await parse('tests/fixtures/realistic-windows.Dockerfile');
    expect(code).toBe(0);
    expect(json.directives).toEqual({ escape: '`' });
    const run = json.instructions.find((i: { keyword: string }) => i.keyword === 'RUN');
    expect(run).toMatchObject({ args: ['dotnet publish -c Release     -o C:\\out'], line: 7, endLine: 8 });
    expect(json.instructions.find((i: { keyword: string }) => i.keyword === 'WORKDIR').args).toEqual(['C:\\src']);
    expect(json.instructions.at(-1)).toMatchObject({ keyword: 'ENTRYPOINT', args: ['dotnet', 'C:\\app\\web.dll'], json: true });
    expect(json.stages.map((s: { name: string | null }) => s.name)).toEqual(['build', null]);
  });
});
