/**
 * The engine's own figures for a lesson's Dockerfiles, for end-to-end tests to compare
 * the page with (see ./simulated-core.ts). Playwright's loader cannot import the
 * engine's calibration JSON, so the engine is loaded through tsx, as bin/stagecraft.mjs
 * loads it.
 *
 *   const sim = await lessonSimulator('node-typescript');
 *   await expect(figure).toContainText(sim.imageOfFile('solution/Dockerfile').size);
 */
import { tsImport } from 'tsx/esm/api';
import type * as Core from './simulated-core';

export type { SimulatedImage } from './simulated-core';

let core: Promise<typeof Core> | null = null;

export async function lessonSimulator(id: string): Promise<ReturnType<typeof Core.lessonSimulator>> {
  core ??= tsImport('./simulated-core.ts', import.meta.url) as Promise<typeof Core>;
  return (await core).lessonSimulator(id);
}
