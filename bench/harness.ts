/** A tiny benchmark harness: warm up, then time repeated runs and report the median. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export function time(name: string, fn: () => unknown, { minRuns = 20, minMs = 400 } = {}): Timing {
  for (let i = 0; i < 5; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    if (samples.length > 100_000) break;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, medianMs: at(0.5), p95Ms: at(0.95), runs: samples.length };
}

export function report(title: string, rows: Timing[]): void {
  console.log(`\n${title}`);
  console.log('| case | median | p95 | runs |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.medianMs)} | ${fmt(r.p95Ms)} | ${r.runs} |`);
}

export function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

/** Prints a target line; returns whether it held. */
export function target(description: string, ok: boolean, detail: string): boolean {
  console.log(`${ok ? 'MET ' : 'MISS'}  ${description}: ${detail}`);
  return ok;
}
