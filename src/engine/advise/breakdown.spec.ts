/**
 * Where the bytes are: every byte of the image on a line and a kind. The expected
 * figures come from other simulated builds (the same file with the cache cleaned in
 * the same RUN, the build stage built alone) or from the inputs the spec gives (file
 * texts, the project's measured binary sizes), never from a breakdown's own output.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { build, GOLDEN } from '../report/spec-fixtures';
import { CATEGORIES, type ByteCategory } from '../simulate/categories';
import { lockfile, sim, type Project } from '../simulate/commands/spec-helpers';
import type { BuildResult } from '../simulate/types';
import { breakdown, breakdownJson, type Breakdown } from './breakdown';

const GO_FACTS = { goBinary: { static: 6_000_000, stripped: 4_100_000, dynamic: 6_050_000, source: 'test' } };

function of(text: string, result: BuildResult = build(text)): Breakdown {
  expect(result.image, result.problems.map((p) => p.message).join(' | ')).not.toBeNull();
  const b = breakdown(parseDockerfile(text), result);
  expect(b).not.toBeNull();
  return b!;
}

/** Bytes of the rows on a line (of a kind). */
const on = (b: Breakdown, line: number, category?: ByteCategory) => b.rows.filter((r) => r.line === line && (!category || r.category === category)).reduce((n, r) => n + r.size, 0);
const kinds = (b: Breakdown, line: number) => [...new Set(b.rows.filter((r) => r.line === line).map((r) => r.category))].sort();
/** The bytes the step of a line adds (what `docker history` prints for it). */
const stepBytes = (r: BuildResult, line: number) => r.steps.find((s) => s.instruction && s.instruction.startLine + 1 === line)!.bytes;

const NODE_INSTALL = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCMD ["node", "-e", "1"]\n';
const NODE_CHAIN = `FROM node:20-alpine AS base
WORKDIR /app
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci
FROM deps
COPY src ./src
RUN rm -rf node_modules/typescript
CMD ["node", "-e", "1"]
`;
const GO_SINGLE = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\nENTRYPOINT ["/server"]\n';

describe('the rows add up to the image', () => {
  const cases: Record<string, [string, Project?]> = {
    'single-stage node': [GOLDEN['node-single-stage']!],
    'multi-stage node': [GOLDEN['node-multi-stage']!],
    'go on scratch': [GOLDEN['go-static-scratch']!, { facts: GO_FACTS }],
    'single-stage go': [GO_SINGLE, { facts: GO_FACTS }],
    'a later RUN rm (wasted bytes)': [GOLDEN['node-wasted-layers']!],
    'FROM <stage> chains': [NODE_CHAIN],
  };
  for (const [name, [text, project]] of Object.entries(cases)) {
    it(name, () => {
      const r = sim(text, project);
      const b = of(text, r);
      expect(b.total).toBe(r.image!.bytes);
      expect(b.rows.reduce((n, row) => n + row.size, 0)).toBe(r.image!.bytes);
      expect(b.categories.reduce((n, c) => n + c.size, 0)).toBe(r.image!.bytes);
      expect(b.rows.every((row) => row.size > 0)).toBe(true);
      // By kind: in CATEGORIES order, each the sum of its rows.
      expect(b.categories.map((c) => c.category)).toEqual(CATEGORIES.filter((c) => b.categories.some((x) => x.category === c)));
      for (const c of b.categories) expect(c.size).toBe(b.rows.filter((row) => row.category === c.category).reduce((n, row) => n + row.size, 0));
      expect(breakdownJson(b)).toEqual(b.rows.map((row) => ({ line: row.line, instruction: row.instruction, category: row.category, size: row.size })));
    });
  }
});

describe('what the bytes are', () => {
  it('npm: devDependencies the lockfile marks dev apart from production ones, and the cache', () => {
    const lock = lockfile({ express: '4.22.1', typescript: '5.9.3!' });
    const r = sim(NODE_INSTALL, { files: { 'package-lock.json': lock } });
    const b = of(NODE_INSTALL, r);
    expect(kinds(b, 4)).toEqual(['cache', 'dev-deps', 'prod-deps']);
    // dev-deps: the folder of the one package marked dev, as the layer holds it.
    const layer = r.image!.layers.find((l) => l.instruction?.startLine === 3)!;
    const typescript = [...layer.entries.values()].filter((e) => e.path === '/app/node_modules/typescript' || e.path.startsWith('/app/node_modules/typescript/'));
    expect(typescript.length).toBeGreaterThan(0);
    expect(on(b, 4, 'dev-deps')).toBe(typescript.reduce((n, e) => n + e.bytes, 0));
    // cache: what cleaning it in the same RUN takes off the layer.
    const cleaned = sim(NODE_INSTALL.replace('RUN npm ci', 'RUN npm ci && npm cache clean --force'), { files: { 'package-lock.json': lock } });
    expect(on(b, 4, 'cache')).toBe(stepBytes(r, 4) - stepBytes(cleaned, 4));
    // The three kinds are the whole layer.
    expect(on(b, 4)).toBe(stepBytes(r, 4));
  });

  it('npm: with no package marked dev, nothing is a devDependency', () => {
    const r = sim(NODE_INSTALL, { files: { 'package-lock.json': lockfile({ express: '4.22.1', typescript: '5.9.3' }) } });
    const b = of(NODE_INSTALL, r);
    expect(kinds(b, 4)).toEqual(['cache', 'prod-deps']);
  });

  it("apt's package lists are cache", () => {
    const text = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ca-certificates\nCMD ["sh"]\n';
    const r = build(text);
    const b = of(text, r);
    const cleaned = build(text.replace('ca-certificates', 'ca-certificates && rm -rf /var/lib/apt/lists/*'));
    expect(on(b, 2, 'cache')).toBeGreaterThan(0);
    expect(on(b, 2, 'cache')).toBe(stepBytes(r, 2) - stepBytes(cleaned, 2));
  });

  it('.git and .env copied from the context are vcs and secrets; .env.example is not a secret', () => {
    const files = { '.git/HEAD': 'ref: refs/heads/main\n', '.git/config': '[core]\n\tbare = false\n', '.env': 'API_KEY=s3cret\n', '.env.example': 'API_KEY=\n' };
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "-e", "1"]\n';
    const b = of(text, sim(text, { files }));
    expect(on(b, 3, 'vcs')).toBe(files['.git/HEAD'].length + files['.git/config'].length);
    expect(on(b, 3, 'secrets')).toBe(files['.env'].length);
  });

  it("a Go binary is build output, its build cache is cache; the figures are the project's measured sizes", () => {
    const r = sim(GO_SINGLE, { facts: GO_FACTS });
    const b = of(GO_SINGLE, r);
    expect(on(b, 4, 'build-output')).toBe(GO_FACTS.goBinary.static);
    expect(kinds(b, 4)).toEqual(['build-output', 'cache']);
    const cleaned = sim(GO_SINGLE.replace('./cmd/server', './cmd/server && go clean -cache'), { facts: GO_FACTS });
    expect(on(b, 4, 'cache')).toBe(stepBytes(r, 4) - stepBytes(cleaned, 4));
    const stripped = GO_SINGLE.replace('go build', 'go build -ldflags="-s -w"');
    expect(on(of(stripped, sim(stripped, { facts: GO_FACTS })), 4, 'build-output')).toBe(GO_FACTS.goBinary.stripped);
  });

  it('a COPY --from keeps the categories its files had in the stage that made them', () => {
    const text = `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:20-alpine
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
CMD ["node", "-e", "1"]
`;
    const b = of(text);
    const stage = of(text, build(text, { target: 'build' }));
    expect(kinds(b, 8)).toEqual(['dev-deps', 'prod-deps']);
    expect(on(b, 8, 'dev-deps')).toBe(on(stage, 4, 'dev-deps'));
    expect(on(b, 8, 'prod-deps')).toBe(on(stage, 4, 'prod-deps'));
    // The build stage's own lines hold nothing of the image.
    for (const line of [1, 2, 3, 4]) expect(on(b, line)).toBe(0);

    const go = GOLDEN['go-static-scratch']!;
    const g = of(go, sim(go, { facts: GO_FACTS }));
    const copy = go.split('\n').findIndex((l) => l.startsWith('COPY --from=build')) + 1;
    expect(kinds(g, copy)).toEqual(['build-output']);
    expect(on(g, copy, 'build-output')).toBe(GO_FACTS.goBinary.stripped);
  });
});

describe('wasted bytes', () => {
  it('are on the line that added them, hidden by the line that deleted them, as big as deleting in the same RUN saves', () => {
    const split = `${NODE_INSTALL.replace('CMD', 'RUN npm cache clean --force\nCMD')}`;
    const same = NODE_INSTALL.replace('RUN npm ci', 'RUN npm ci && npm cache clean --force');
    const r = build(split);
    const b = of(split, r);
    const wasted = b.rows.filter((row) => row.category === 'wasted');
    expect(wasted.map((w) => ({ line: w.line, hiddenBy: w.hiddenBy }))).toEqual([{ line: 4, hiddenBy: 5 }]);
    expect(wasted[0]!.size).toBe(r.image!.bytes - build(same).image!.bytes);
    expect(wasted[0]!.size).toBe(r.wasted.bytes);
    // Nothing is cache any more on line 4: it is all hidden.
    expect(on(b, 4, 'cache')).toBe(0);
  });

  it('name the deleting line across FROM <stage> chains', () => {
    const b = of(NODE_CHAIN);
    const wasted = b.rows.filter((row) => row.category === 'wasted');
    expect(wasted.map((w) => ({ line: w.line, hiddenBy: w.hiddenBy }))).toEqual([{ line: 5, hiddenBy: 8 }]);
    // What the rm hid is exactly what the install put there as dev-deps when nothing deletes it.
    const kept = NODE_CHAIN.replace('RUN rm -rf node_modules/typescript\n', '');
    expect(wasted[0]!.size).toBe(on(of(kept), 5, 'dev-deps'));
  });
});

describe('the base image', () => {
  it('is on the FROM line, as big as the image of that FROM alone', () => {
    const text = NODE_INSTALL;
    const b = of(text);
    const alone = build('FROM node:20-alpine\nCMD ["node", "-e", "1"]\n').image!.bytes;
    expect(on(b, 1)).toBe(alone);
    for (const row of b.rows.filter((x) => x.line === 1)) {
      expect(['base-os', 'runtime', 'build-tools', 'base-image']).toContain(row.category);
      expect(row.instruction).toBe('FROM node:20-alpine');
    }
  });

  it('is on the final stage’s FROM line in a multi-stage build, and on the first FROM of a FROM <stage> chain', () => {
    const multi = GOLDEN['node-multi-stage']!;
    const runtimeFrom = multi.split('\n').findIndex((l) => l.startsWith('FROM node:20-alpine AS runtime')) + 1;
    const b = of(multi);
    const alone = build('FROM node:20-alpine\nCMD ["node", "-e", "1"]\n').image!.bytes;
    expect(on(b, runtimeFrom)).toBe(alone);
    expect(on(b, 1)).toBe(0);
    const chain = of(NODE_CHAIN);
    expect(on(chain, 1)).toBe(alone);
    expect(on(chain, 3) + on(chain, 6)).toBe(0);
    // The chain's own layers stay on their lines: package.json and the lockfile on line 4.
    const ctx = build('FROM scratch\nCOPY package.json package-lock.json /\n').image!.bytes;
    expect(on(chain, 4)).toBe(ctx);
  });

  it('of scratch is nothing', () => {
    const go = GOLDEN['go-static-scratch']!;
    const b = of(go, sim(go, { facts: GO_FACTS }));
    expect(b.rows.filter((row) => row.line === 7)).toEqual([]);
  });
});

it('is null for a build that fails', () => {
  const text = 'FROM node:20-alpine\nCOPY nope.txt /x\nCMD ["node", "/x"]\n';
  const r = build(text);
  expect(r.image).toBeNull();
  expect(breakdown(parseDockerfile(text), r)).toBeNull();
});
