/**
 * Differential test: our engine against Docker's own code.
 *
 *   npx tsx scripts/differential.ts ORACLE_DIR [--cases N] [--only parse,expand,words,dockerignore]
 *       [--seed N] [--show N] [--per-class K] [--minutes M] [--shrink-seconds S] [--out FILE] [--json FILE]
 *
 * ORACLE_DIR holds `bkoracle` and `dioracle` (Docker's Go code built as commands;
 * see that directory's README). The project does not depend on them: this script
 * is opt-in tooling, not part of `npm test`.
 *
 * For each category it generates N inputs (grammar-built and mutated real ones,
 * with fast-check, reproducibly from --seed), asks the oracle and our engine,
 * and counts agreement per metric. Disagreements are grouped into classes (a
 * signature naming the kind of difference); the first examples of each of the
 * first --show classes are shrunk to minimal reproducers and printed with both
 * answers. --out writes the same report as Markdown, --json the raw figures.
 *
 * A disagreement whose input shows a known cause (scripts/differential/known.ts)
 * is counted under that known class; the rest keep generic signatures, so new
 * kinds of difference stand out. The report also lists known classes a run did
 * not see (fixed, or not generated this time).
 *
 *   --cases N          inputs per category (default 10,000)
 *   --only LIST        categories to run (default all four)
 *   --seed N           base seed (default: from the clock; printed, so a run can be repeated)
 *   --show N           disagreement classes to shrink and print per category (default 30)
 *   --per-class K      examples shrunk per class; distinct results are all printed (default 3)
 *   --minutes M        stop generating a category after M / (number of categories) minutes (default 15)
 *   --shrink-seconds S time for shrinking per category (default 120)
 *   --replay FILE      compare given inputs instead of generated ones and print every check:
 *                      with --only parse, FILE is a Dockerfile; with --only expand|words|dockerignore,
 *                      FILE holds JSON lines ({"word","env","escape"} / {"dockerignore","paths"})
 */
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dockerignoreCategory } from './differential/dockerignore';
import type { DockerignoreCase, WordCase } from './differential/generators';
import { showInvisible } from './differential/go';
import { IGNORE_KNOWN, LEX_KNOWN, PARSE_KNOWN } from './differential/known';
import { lexerCategory } from './differential/lexer';
import { oraclePaths } from './differential/oracles';
import { parseCategory } from './differential/parse';
import { loadSeeds } from './differential/seeds';
import { shrink } from './differential/shrink';
import type { Category, Check } from './differential/types';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const CATEGORIES = ['parse', 'expand', 'words', 'dockerignore'] as const;
type CategoryName = (typeof CATEGORIES)[number];

/** The known classes each category can attribute disagreements to. */
const KNOWN: Record<CategoryName, ReadonlyArray<{ id: string }>> = {
  parse: PARSE_KNOWN,
  expand: LEX_KNOWN.filter((k) => k.metrics.some((m) => m.startsWith('expand'))),
  words: LEX_KNOWN.filter((k) => k.metrics.some((m) => m.startsWith('words'))),
  dockerignore: IGNORE_KNOWN,
};

interface Options {
  oracleDir: string;
  cases: number;
  only: CategoryName[];
  seed: number;
  show: number;
  perClass: number;
  minutes: number;
  shrinkSeconds: number;
  out: string | null;
  json: string | null;
  replay: string | null;
}

function usage(message?: string, code = 2): never {
  if (message) console.error(`differential: ${message}`);
  console.error(
    'usage: tsx scripts/differential.ts ORACLE_DIR [--cases N] [--only parse,expand,words,dockerignore] [--seed N] [--show N]\n' +
      '         [--per-class K] [--minutes M] [--shrink-seconds S] [--out FILE] [--json FILE] [--replay FILE]',
  );
  process.exit(code);
}

function readOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cases: { type: 'string' }, seed: { type: 'string' }, show: { type: 'string' }, 'per-class': { type: 'string' },
        minutes: { type: 'string' }, 'shrink-seconds': { type: 'string' }, out: { type: 'string' }, json: { type: 'string' },
        replay: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) usage(undefined, 0);
  if (positionals.length > 1) usage(`unexpected argument ${positionals[1]}`);
  const number = (flag: string, value: string | undefined, dflt: number) => {
    if (value === undefined) return dflt;
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0) usage(`--${flag} needs a number`);
    return n;
  };
  const only = v.only === undefined ? [...CATEGORIES] : v.only.split(/[,|]/).filter(Boolean);
  for (const n of only) if (!(CATEGORIES as readonly string[]).includes(n)) usage(`unknown category ${n}`);
  const opts: Options = {
    oracleDir: positionals[0] ?? '',
    cases: number('cases', v.cases, 10_000),
    only: only as CategoryName[],
    seed: number('seed', v.seed, Date.now() % 2 ** 31),
    show: number('show', v.show, 30),
    perClass: number('per-class', v['per-class'], 3),
    minutes: number('minutes', v.minutes, 15),
    shrinkSeconds: number('shrink-seconds', v['shrink-seconds'], 120),
    out: v.out ?? null,
    json: v.json ?? null,
    replay: v.replay ?? null,
  };
  if (!opts.oracleDir) usage('the oracle directory is required');
  if (opts.replay && opts.only.length !== 1) usage('--replay needs exactly one category in --only');
  return opts;
}

/** A class of disagreement: how often it was seen, and the first examples. */
interface DisagreementClass<I> {
  metric: string;
  signature: string;
  count: number;
  /** Counts per Check context (e.g. `in files BuildKit accepts`). */
  contexts: Record<string, number>;
  examples: I[];
}

/** What a category's run found. */
interface Result {
  category: string;
  cases: number;
  seconds: number;
  metrics: Array<{ metric: string; units: number; bad: number }>;
  classes: Array<{
    metric: string;
    signature: string;
    count: number;
    contexts: Record<string, number>;
    /** Shrunk examples (or the first example, unshrunk, beyond --show). */
    reproducers: Array<{ input: string; buildkit: string; ours: string; from: string; tried: number; state: 'minimal' | 'partly shrunk' | 'not shrunk' }>;
  }>;
}

/** Chunks of inputs per oracle call, and how many calls may be in flight at once. */
const CHUNK: Record<CategoryName, number> = { parse: 500, expand: 2000, words: 2000, dockerignore: 1000 };
const IN_FLIGHT: Record<CategoryName, number> = { parse: 4, expand: 1, words: 1, dockerignore: 1 };

/** A progress line on stderr: rewritten in place on a terminal, only the final ones otherwise. */
function progress(line: string, final = false): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
  else if (final) process.stderr.write(`${line}\n`);
}

async function runCategory<I, A>(name: CategoryName, category: Category<I, A>, opts: Options, deadline: number): Promise<Result> {
  const started = Date.now();
  const totals = new Map<string, { units: number; bad: number }>(category.metrics.map((m) => [m, { units: 0, bad: 0 }]));
  const classes = new Map<string, DisagreementClass<I>>();
  let done = 0;

  const record = (input: I, checks: Check[]) => {
    for (const c of checks) {
      const t = totals.get(c.metric) ?? { units: 0, bad: 0 };
      t.units += c.units;
      t.bad += c.bad;
      totals.set(c.metric, t);
      if (c.bad === 0 || c.signature === undefined) continue;
      const key = `${c.metric}\u0000${c.signature}`;
      const cls = classes.get(key) ?? { metric: c.metric, signature: c.signature, count: 0, contexts: {}, examples: [] };
      cls.count++;
      if (c.context) cls.contexts[c.context] = (cls.contexts[c.context] ?? 0) + 1;
      if (cls.examples.length < opts.perClass) cls.examples.push(input);
      classes.set(key, cls);
    }
  };

  // Generate and compare, chunk by chunk, a few oracle calls in flight.
  const chunks = Math.ceil(opts.cases / CHUNK[name]);
  let next = 0;
  const worker = async () => {
    while (next < chunks && Date.now() < deadline) {
      const k = next++;
      const count = Math.min(CHUNK[name], opts.cases - k * CHUNK[name]);
      const inputs = category.generate(opts.seed + k, count);
      const answers = await category.oracle(inputs);
      inputs.forEach((input, i) => record(input, category.compare(input, answers[i]!)));
      done += inputs.length;
      progress(`${name}: ${done.toLocaleString('en-US')} cases, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT[name] }, worker));
  progress(`${name}: ${done.toLocaleString('en-US')} cases compared in ${((Date.now() - started) / 1000).toFixed(1)} s, ${classes.size} disagreement classes`, true);

  // Shrink the first examples of the most frequent classes.
  const shrinkDeadline = Date.now() + opts.shrinkSeconds * 1000;
  const ordered = [...classes.values()].sort((a, b) => b.count - a.count);
  const result: Result = {
    category: name,
    cases: done,
    seconds: (Date.now() - started) / 1000,
    metrics: category.metrics.map((metric) => ({ metric, ...(totals.get(metric) ?? { units: 0, bad: 0 }) })),
    classes: [],
  };
  for (const cls of ordered) {
    const entry: Result['classes'][number] = { metric: cls.metric, signature: cls.signature, count: cls.count, contexts: cls.contexts, reproducers: [] };
    result.classes.push(entry);
    // Beyond --show (or out of time), only the first example, as found.
    const shrinking = result.classes.length <= opts.show;
    const seen = new Set<string>();
    for (const example of shrinking ? cls.examples : cls.examples.slice(0, 1)) {
      const { input, tried, minimal } =
        shrinking && Date.now() < shrinkDeadline
          ? await shrink(category, example, cls.metric, cls.signature, { batch: name === 'parse' ? 200 : 500, budget: 20_000, deadline: shrinkDeadline })
          : { input: example, tried: 0, minimal: false };
      const shown = category.show(input);
      if (seen.has(shown)) continue;
      seen.add(shown);
      const [answer] = await category.oracle([input]);
      const check = category.compare(input, answer!).find((c) => c.metric === cls.metric && c.signature === cls.signature);
      entry.reproducers.push({
        input: shown,
        buildkit: check?.detail?.buildkit ?? '(no longer differs)',
        ours: check?.detail?.ours ?? '',
        from: category.show(example),
        tried,
        state: minimal ? 'minimal' : tried > 0 ? 'partly shrunk' : 'not shrunk',
      });
      progress(`${name}: shrinking class ${result.classes.length} of ${Math.min(ordered.length, opts.show)}`);
    }
  }
  progress(`${name}: shrinking done`, true);
  return result;
}

// ---------------------------------------------------------------------------
// Report

const percent = (units: number, bad: number) => (units === 0 ? 'n/a' : `${(((units - bad) / units) * 100).toFixed(3)}%`);

/** A Markdown code block that survives backticks in its content. */
function block(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${fence}\n${text}\n${fence}`;
}

function report(results: Result[], opts: Options, command: string): string {
  const out: string[] = [];
  out.push('# Differential test: Stagecraft engine vs Docker (BuildKit, patternmatcher)', '');
  out.push(`Command: \`${command}\``, '', `Seed: ${opts.seed}`, '');
  out.push('## Agreement', '', '| metric | compared | disagree | agreement |', '| --- | ---: | ---: | ---: |');
  for (const r of results) {
    for (const m of r.metrics) out.push(`| ${m.metric} | ${m.units.toLocaleString('en-US')} | ${m.bad.toLocaleString('en-US')} | ${percent(m.units, m.bad)} |`);
  }
  out.push('', results.map((r) => `${r.category}: ${r.cases.toLocaleString('en-US')} cases in ${r.seconds.toFixed(1)} s`).join('; '), '');
  out.push('## Disagreement classes', '', 'Known classes are defined in scripts/differential/known.ts; the others are generic signatures.', '');
  out.push('| category | # | metric | class | cases |', '| --- | ---: | --- | --- | ---: |');
  for (const r of results) {
    r.classes.forEach((c, i) => out.push(`| ${r.category} | ${i + 1} | ${c.metric} | ${c.signature.replace(/\|/g, '\\|')} | ${c.count.toLocaleString('en-US')} |`));
  }
  out.push('');
  for (const r of results) {
    out.push(`## ${r.category}: ${r.classes.length} disagreement class${r.classes.length === 1 ? '' : 'es'}`, '');
    if (r.classes.length === 0) out.push('None.', '');
    r.classes.forEach((c, i) => {
      const where = Object.entries(c.contexts).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`).join(', ');
      out.push(`### ${r.category} ${i + 1}. ${c.metric} — ${c.signature}`, '');
      out.push(`${c.count.toLocaleString('en-US')} case${c.count === 1 ? '' : 's'}${where ? ` (${where})` : ''}.`, '');
      for (const rep of c.reproducers) {
        const title = { minimal: 'Reproducer (shrunk to minimal):', 'partly shrunk': 'Reproducer (partly shrunk, time ran out):', 'not shrunk': 'Example (not shrunk):' }[rep.state];
        out.push(title, '', block(rep.input), '');
        out.push('BuildKit:', '', block(showInvisible(rep.buildkit)), '', 'Ours:', '', block(showInvisible(rep.ours)), '');
      }
    });
    const seen = new Set(r.classes.map((c) => c.signature));
    const unseen = KNOWN[r.category as CategoryName].filter((k) => ![...seen].some((sig) => sig.startsWith(`known: ${k.id} `)));
    if (unseen.length) out.push(`Known classes not seen in this run: ${unseen.map((k) => k.id).join(', ')}.`, '');
  }
  return out.join('\n');
}

/** --replay: every check of every given input, both answers included. */
async function replay<I, A>(category: Category<I, A>, inputs: I[]): Promise<void> {
  try {
    const answers = await category.oracle(inputs);
    inputs.forEach((input, i) => {
      console.log(category.show(input));
      for (const c of category.compare(input, answers[i]!)) {
        console.log(`  ${c.bad ? 'DIFFERS' : 'agrees '}  ${c.metric}${c.signature ? ` — ${c.signature}` : ''}`);
        if (c.detail) console.log(`    BuildKit: ${showInvisible(c.detail.buildkit).replace(/\n/g, '\n              ')}\n    ours:     ${showInvisible(c.detail.ours).replace(/\n/g, '\n              ')}`);
      }
    });
  } finally {
    category.close();
  }
}

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2));
  const { bkoracle, dioracle } = oraclePaths(resolve(opts.oracleDir));
  const seeds = loadSeeds(ROOT);
  if (opts.replay) {
    const text = readFileSync(opts.replay, 'utf8');
    const lines = () => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    const name = opts.only[0]!;
    if (name === 'parse') await replay(parseCategory(bkoracle, seeds.dockerfiles), [text]);
    else if (name === 'dockerignore') await replay(dockerignoreCategory(dioracle, seeds.dockerignores), lines() as DockerignoreCase[]);
    else await replay(lexerCategory(bkoracle, name), (lines() as Array<Partial<WordCase>>).map((w): WordCase => ({ word: w.word ?? '', env: w.env ?? {}, escape: w.escape ?? '\\' })));
    return;
  }
  const command = `npx tsx scripts/differential.ts ${process.argv.slice(2).join(' ')}`;
  console.error(`differential: seed ${opts.seed}, ${opts.cases.toLocaleString('en-US')} cases per category: ${opts.only.join(', ')}`);

  const results: Result[] = [];
  const perCategory = (opts.minutes * 60_000) / opts.only.length;
  for (const name of opts.only) {
    const deadline = Date.now() + perCategory;
    const run = <I, A>(c: Category<I, A>) => runCategory(name, c, opts, deadline).finally(() => c.close());
    if (name === 'parse') results.push(await run(parseCategory(bkoracle, seeds.dockerfiles)));
    else if (name === 'expand' || name === 'words') results.push(await run(lexerCategory(bkoracle, name)));
    else results.push(await run(dockerignoreCategory(dioracle, seeds.dockerignores)));
  }

  const markdown = report(results, opts, command);
  if (opts.out) {
    mkdirSync(dirname(resolve(opts.out)), { recursive: true });
    writeFileSync(opts.out, markdown);
  }
  if (opts.json) {
    mkdirSync(dirname(resolve(opts.json)), { recursive: true });
    writeFileSync(opts.json, JSON.stringify({ seed: opts.seed, command, results }, null, 2));
  }
  console.log(markdown);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
