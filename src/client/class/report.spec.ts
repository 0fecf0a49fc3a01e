import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as protocol from '../../class/protocol';
import { backoffDelay, buildReport, goalKeys, goalRecord, goalsKey, MAX_BODY_BYTES, MAX_FILE_CHARS, ReportScheduler, type ReportInput, type SendOutcome } from './report';

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  lesson: 'stages',
  goals: [
    { id: 'stage-count', met: true },
    { id: 'final-base', met: false },
  ],
  goalsTotal: 2,
  builds: 3,
  lastImageBytes: 123_456_789,
  lastBuildFailed: false,
  hintsShown: 1,
  usedSolution: false,
  complete: false,
  files: { Dockerfile: 'FROM node:22 AS build\n', '.dockerignore': 'node_modules\n' },
  ...over,
});

describe('buildReport', () => {
  it('uses the server’s limits', () => {
    expect(MAX_BODY_BYTES).toBe(protocol.MAX_BODY_BYTES);
    expect(MAX_FILE_CHARS).toBe(protocol.MAX_FILE_CHARS);
  });

  it('makes a report the server’s schema accepts', () => {
    const report = buildReport(input());
    expect(protocol.progressReport.safeParse(report).success).toBe(true);
    expect(report).toEqual({
      lesson: 'stages',
      goals: { 'stage-count': true, 'final-base': false },
      goalsTotal: 2,
      builds: 3,
      lastImageBytes: 123_456_789,
      lastBuildFailed: false,
      hintsShown: 1,
      usedSolution: false,
      complete: false,
      files: { Dockerfile: 'FROM node:22 AS build\n', '.dockerignore': 'node_modules\n' },
    });
  });

  it('keeps two goals of the same rule apart', () => {
    expect(goalKeys(['path-absent', 'path-absent', 'x', 'path-absent'])).toEqual(['path-absent', 'path-absent#2', 'x', 'path-absent#3']);
    expect(goalRecord([{ id: 'path-absent', met: true }, { id: 'path-absent', met: false }])).toEqual({ 'path-absent': true, 'path-absent#2': false });
  });

  it('is complete when every goal is met, or when the lesson was completed before', () => {
    expect(buildReport(input({ goals: [{ id: 'a', met: true }, { id: 'b', met: true }] })).complete).toBe(true);
    expect(buildReport(input({ goals: [{ id: 'a', met: true }], goalsTotal: 2 })).complete).toBe(false);
    expect(buildReport(input({ complete: true })).complete).toBe(true);
    expect(buildReport(input({ goals: [], goalsTotal: 0 })).complete).toBe(false);
  });

  it('clamps counts to what the schema allows', () => {
    const report = buildReport(input({ builds: 1e9, hintsShown: 99, goalsTotal: 99, lastImageBytes: Number.NaN }));
    expect(report).toMatchObject({ builds: 100_000, hintsShown: 20, goalsTotal: 40, lastImageBytes: null });
    expect(protocol.progressReport.safeParse(report).success).toBe(true);
  });

  it('leaves out a file over the size limit, and keeps the body under the server’s limit', () => {
    const big = buildReport(input({ files: { Dockerfile: 'x'.repeat(MAX_FILE_CHARS + 1), '.dockerignore': 'ok\n' } }));
    expect(Object.keys(big.files)).toEqual(['.dockerignore']);
    const many: Record<string, string> = {};
    for (let i = 0; i < 8; i++) many[`f${i}`] = 'é'.repeat(MAX_FILE_CHARS);
    const report = buildReport(input({ files: many }));
    expect(new TextEncoder().encode(JSON.stringify(report)).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(Object.keys(report.files).length).toBeGreaterThan(0);
    expect(protocol.progressReport.safeParse(report).success).toBe(true);
  });

  it('tells a goal change from typing', () => {
    expect(goalsKey([{ id: 'a', met: true }])).not.toBe(goalsKey([{ id: 'a', met: false }]));
    expect(goalsKey([{ id: 'a', met: true }])).toBe(goalsKey([{ id: 'a', met: true }]));
  });
});

describe('ReportScheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  /** A scheduler whose sends are recorded and answered with `outcomes` in turn (then 'sent'). */
  function scheduler(outcomes: SendOutcome[] = []) {
    const sent: number[] = [];
    const onGone = vi.fn();
    const s = new ReportScheduler({
      send: async () => {
        sent.push(Date.now());
        return outcomes.shift() ?? 'sent';
      },
      onGone,
      random: () => 0.5,
    });
    return { s, sent, onGone };
  }

  it('sends the first change at once, then at most one report every 2 s while the learner types', async () => {
    const { s, sent } = scheduler();
    s.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1_000_000]);
    for (let i = 0; i < 20; i++) {
      s.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    // 2 s of typing after the first report: one more at the 2 s mark, nothing else yet.
    expect(sent).toEqual([1_000_000, 1_002_000]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([1_000_000, 1_002_000]);
  });

  it('sends a goal change or a finished build right away, even within the 2 s', async () => {
    const { s, sent } = scheduler();
    s.changed();
    await vi.advanceTimersByTimeAsync(600);
    s.changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(1);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1_000_000, 1_000_700]);
  });

  it('keeps urgent reports at least 0.5 s apart', async () => {
    const { s, sent } = scheduler();
    s.changed(true);
    await vi.advanceTimersByTimeAsync(0);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual([1_000_000, 1_000_500]);
  });

  it('sends nothing without a change', async () => {
    const { sent } = scheduler();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([]);
  });

  it('retries a failed report with a growing wait, quietly, and starts afresh once one gets through', async () => {
    const { s, sent } = scheduler(['retry', 'retry', 'retry']);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(4000);
    await vi.advanceTimersByTimeAsync(8000);
    expect(sent.map((t) => t - 1_000_000)).toEqual([0, 2000, 6000, 14_000]);
    // Through again: the next change waits no backoff, only the usual gap.
    s.changed(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((t) => t - 1_000_000)).toEqual([0, 2000, 6000, 14_000, 14_500]);
  });

  it('does not hurry a retry for an urgent change (no hammering a server that is down)', async () => {
    const { s, sent } = scheduler(['retry']);
    s.changed();
    await vi.advanceTimersByTimeAsync(0);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
  });

  it('a send that throws counts as a failure to retry', async () => {
    let calls = 0;
    const s = new ReportScheduler({
      send: async () => {
        calls++;
        if (calls === 1) throw new Error('offline');
        return 'sent';
      },
      onGone: () => {},
      random: () => 0.5,
    });
    s.changed();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(2);
  });

  it('stops for good on gone, and says so once', async () => {
    const { s, sent, onGone } = scheduler(['gone']);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(onGone).toHaveBeenCalledTimes(1);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    expect(onGone).toHaveBeenCalledTimes(1);
  });

  it('does not resend a report the server rejected until something changes', async () => {
    const { s, sent } = scheduler(['rejected']);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    s.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
  });

  it('one report at a time: changes during a slow send go in the next one', async () => {
    const resolvers: Array<(o: SendOutcome) => void> = [];
    let calls = 0;
    const s = new ReportScheduler({
      send: () => {
        calls++;
        return new Promise((r) => resolvers.push(r));
      },
      onGone: () => {},
    });
    s.changed(true);
    await vi.advanceTimersByTimeAsync(0);
    s.changed(true);
    s.changed(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
    resolvers[0]!('sent');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
  });

  it('flush sends what is pending at once (the page going away), and nothing when there is nothing', async () => {
    const { s, sent } = scheduler();
    const flushed = vi.fn();
    s.flush(flushed);
    expect(flushed).not.toHaveBeenCalled();
    s.changed();
    await vi.advanceTimersByTimeAsync(0);
    s.changed();
    expect(s.pending).toBe(true);
    s.flush(flushed);
    expect(flushed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(1);
  });

  it('stop: nothing more is sent', async () => {
    const { s, sent } = scheduler();
    s.changed();
    s.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([]);
  });

  it('backoff doubles up to a cap, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, 2000, 60_000, () => 0.5))).toEqual([2000, 4000, 8000, 16_000, 60_000]);
    expect(backoffDelay(1, 2000, 60_000, () => 0)).toBe(1600);
    expect(backoffDelay(1, 2000, 60_000, () => 1)).toBe(2400);
  });
});
