/** The views a worker posts: plain data whose figures are the engine's, as the page prints them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../cli/context-fs';
import { breakdown, buildOnContext, humanSize, parseDockerfile, suggest } from '../../engine/index';
import { breakdownView, shareText, suggestionsView } from './convert';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const loaded = readContextDir(`${root}content/projects/node-express-ts`);
if ('error' in loaded) throw new Error(loaded.error);
const ctx = loaded.context;
const NAIVE = readFileSync(`${root}content/lessons/01-why-images-are-huge/start/Dockerfile`, 'utf8');

describe('breakdownView', () => {
  const file = parseDockerfile(NAIVE);
  const result = buildOnContext(file, ctx);
  const view = breakdownView(breakdown(file, result)!);

  it('adds up to the image, by row and by kind, with every size as the page prints it', () => {
    expect(view.total).toEqual({ bytes: result.image!.bytes, size: humanSize(result.image!.bytes) });
    expect(view.rows.reduce((n, r) => n + r.bytes, 0)).toBe(view.total.bytes);
    expect(view.categories.reduce((n, c) => n + c.bytes, 0)).toBe(view.total.bytes);
    for (const r of view.rows) {
      expect(r.size).toBe(humanSize(r.bytes));
      expect(r.what).not.toBe('');
      expect(r.share).toBeCloseTo(r.bytes / view.total.bytes, 10);
    }
    expect(view.rows.some((r) => r.line === 2 && r.instruction === 'FROM node:20')).toBe(true);
  });

  it('is plain data: a structured clone (what postMessage makes) is equal to it', () => {
    expect(structuredClone(view)).toEqual(view);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('suggestionsView', () => {
  const report = suggest(NAIVE, ctx);
  const view = suggestionsView(report);

  it('keeps the engine’s ranking and figures', () => {
    expect(view.verdict).toBe('ok');
    expect(view.suggestions.map((s) => s.id)).toEqual(report.suggestions.map((s) => s.id));
    for (const [i, s] of view.suggestions.entries()) {
      const e = report.suggestions[i]!;
      expect(s.saves).toBe(e.saves);
      expect(s.savesText).toBe(humanSize(e.saves));
      expect(s.before.size).toBe(humanSize(report.size!));
      expect(s.after).toEqual({ bytes: e.after.size, size: humanSize(e.after.size), compressedBytes: e.after.compressed, compressedSize: humanSize(e.after.compressed) });
      expect(s.edits).toEqual(e.edits);
      expect(s.cache).toBeNull();
    }
    for (const s of view.cache) expect(s.cache?.cachedAfter.length).toBeGreaterThan(0);
    expect(structuredClone(view)).toEqual(view);
  });

  it('says why there is nothing when the build fails', () => {
    const failed = suggestionsView(suggest('FROM node:20\nCOPY missing.txt /x\nCMD ["node"]\n', ctx));
    expect(failed.verdict).toBe('build-fails');
    expect(failed.image).toBeNull();
    expect(failed.suggestions).toEqual([]);
    expect(failed.message).toMatch(/fails/);
  });
});

describe('shareText', () => {
  it('never reads as nothing when there is something', () => {
    expect(shareText(0)).toBe('0 %');
    expect(shareText(0.42123)).toBe('42.1 %');
    expect(shareText(0.0005)).toBe('0.05 %');
    expect(shareText(0.00001)).toBe('<0.01 %');
  });
});
