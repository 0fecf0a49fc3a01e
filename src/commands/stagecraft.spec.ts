import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { REPO_ROOT } from '../cli/paths';
import { nodeWorkspace } from '../cli/node-workspace';
import { lessonGoals, type GoalSpec } from '../engine/index';
import { parse as parseYaml } from 'yaml';
import { createShell } from './shell/index';
import { MemoryWorkspace } from './workspace';
import { projectWorkspace } from './context';
import { readContextDir } from '../cli/context-fs';

const project = join(REPO_ROOT, 'content/projects/node-express-ts');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: REPO_ROOT });
  return { code, stdout, stderr };
}

async function shell(line: string, ws = nodeWorkspace(project), lesson?: { goals: GoalSpec[]; baseline: string | null }) {
  const s = createShell({ workspace: ws, ...(lesson ? { lesson } : {}) });
  let out = '';
  let err = '';
  const status = await s.run(line, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe('stagecraft in the in-page shell', () => {
  it('context prints what the CLI prints for the same folder', async () => {
    const viaCli = await cli(['context', project]);
    const viaShell = await shell('stagecraft context .');
    expect(viaShell.status).toBe(0);
    expect(viaShell.out).toBe(viaCli.stdout);
    expect(viaShell.out).toMatch(/^\d+ files, \d+ bytes sent; \d+ files \(\d+ bytes\) left out by \.dockerignore\n/);
  });

  it('context --check says which line decides', async () => {
    const ws = new MemoryWorkspace('p', [
      { path: '.dockerignore', size: 14, text: 'node_modules\n.env\n' },
      { path: '.env', size: 4, text: 'A=1\n' },
      { path: 'a.js', size: 1, text: 'x' },
    ]);
    const viaShell = await shell('stagecraft context --check .env --check a.js --check node_modules/x', ws);
    expect(viaShell.out).toBe('.env\tignored\t(line 2: .env)\na.js\tsent\nnode_modules/x\tignored\t(line 1: node_modules)\n');
  });

  it('check judges the lesson goals like stagecraft check --lesson', async () => {
    const lessonDir = join(REPO_ROOT, 'content/lessons/01-why-images-are-huge');
    const fm = parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(lessonDir, 'index.mdx'), 'utf8'))![1]!) as { goals: GoalSpec[] };
    const start = readFileSync(join(lessonDir, 'start/Dockerfile'), 'utf8');
    const read = readContextDir(project);
    if ('error' in read) throw new Error(read.error);
    const manifest = JSON.parse(readFileSync(join(project, 'stagecraft.project.json'), 'utf8'));
    const files = read.context.tree.entries.filter((e) => !e.path.startsWith('node_modules/') && !e.path.startsWith('.git/'));
    const ws = projectWorkspace('node-express-ts', files, manifest);
    ws.write('Dockerfile', start);
    const viaShell = await shell('stagecraft check', ws, { goals: lessonGoals(fm.goals), baseline: start });
    const viaCli = await cli(['check', '--lesson', '01-why-images-are-huge', join(lessonDir, 'start/Dockerfile')]);
    expect(viaShell.status).toBe(1);
    expect(viaCli.code).toBe(1);
    const goalLines = (s: string) => s.split('\n').filter((l) => l.includes(': goal '));
    expect(goalLines(viaShell.out).map((l) => l.replace(/^[^:]+: /, ''))).toEqual(goalLines(viaCli.stdout).map((l) => l.replace(/^[^:]+: /, '')));
    expect(goalLines(viaShell.out).length).toBeGreaterThan(0);
  });

  it('suggest prints what the CLI prints for the same Dockerfile and folder, with its exit status', async () => {
    const start = readFileSync(join(REPO_ROOT, 'content/lessons/01-why-images-are-huge/start/Dockerfile'), 'utf8');
    const read = readContextDir(project);
    if ('error' in read) throw new Error(read.error);
    const manifest = JSON.parse(readFileSync(join(project, 'stagecraft.project.json'), 'utf8'));
    const files = read.context.tree.entries.filter((e) => !e.path.startsWith('node_modules/') && !e.path.startsWith('.git/'));
    const ws = projectWorkspace('node-express-ts', files, manifest);
    ws.write('Dockerfile', start);
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-shell-suggest-'));
    writeFileSync(join(dir, 'Dockerfile'), start);
    let stdout = '';
    const code = await main(['suggest', 'Dockerfile', '--context', project], { stdout: (t) => void (stdout += t), stderr: () => {}, cwd: dir });
    const viaShell = await shell('stagecraft suggest', ws);
    expect(code).toBe(0);
    expect(viaShell).toEqual({ status: 0, out: stdout, err: '' });
    expect(viaShell.out).toContain('What would make it smaller');
    ws.write('broken.Dockerfile', 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCMD ["node", "x.js"]\n');
    const broken = await shell('stagecraft suggest broken.Dockerfile', ws);
    expect(broken.status).toBe(1);
    expect(broken.out).toMatch(/^The build fails at line 4, so there is no image to make smaller/);
    expect((await shell('stagecraft suggest --json', ws)).err).toMatch(/^stagecraft: unknown option --json\n/);
    expect((await shell('stagecraft suggest nope', ws)).err).toBe('stagecraft: cannot read nope: no such file\n');
    expect((await shell('help', ws)).out).toMatch(/stagecraft suggest/);
  });

  it('refuses what it does not know, with the usage', async () => {
    const r = await shell('stagecraft build Dockerfile');
    expect(r.status).toBe(2);
    expect(r.err).toContain('unknown command "build"');
    expect((await shell('stagecraft check nope')).err).toBe('stagecraft: cannot read nope: no such file\n');
  });
});
