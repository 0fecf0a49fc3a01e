/**
 * Numbers for the UI (charts, badges, tables) and the build-context line.
 */
import type { BuildResult } from '../simulate/types';
import { wastedPaths, efficiencyText, type WastedPath } from './dive';
import { humanSize } from './human-size';
import { built, imageDigest } from './outcome';
import { groupDigits, progressBytes } from './text';

/** `transferring context: 93.53MB`, as BuildKit prints it in the "load build context" step (its own %.2f format). */
export function contextLine(result: BuildResult): string {
  return `transferring context: ${progressBytes(result.context?.transferredBytes ?? result.context?.bytes ?? 0)}`;
}

/** The same in a sentence, in the Docker CLI's size format: "docker build sent 93.5MB of build context (1,234 files)." */
export function contextSentence(result: BuildResult): string {
  const files = result.context?.files ?? 0;
  return `docker build sent ${humanSize(result.context?.bytes ?? 0)} of build context (${groupDigits(files)} ${files === 1 ? 'file' : 'files'}).`;
}

export interface BuildSummary {
  /** The build finished and made an image. */
  built: boolean;
  image: {
    bytes: number;
    compressedBytes: number;
    /** `docker images` SIZE. */
    size: string;
    /** Roughly what a pull transfers. */
    compressedSize: string;
    /** Short image ID (made up, stable); null when the build failed. */
    id: string | null;
    layers: number;
  };
  wasted: { bytes: number; size: string; files: WastedPath[] };
  /** dive's efficiency, 0…1. */
  efficiency: number;
  /** `99.82 %`. */
  efficiencyText: string;
  context: { bytes: number; files: number; size: string; line: string; sentence: string };
}

export function summary(result: BuildResult): BuildSummary {
  const bytes = result.image?.bytes ?? 0;
  const compressedBytes = result.image?.compressedBytes ?? 0;
  const ok = built(result);
  const efficiency = Number.isFinite(result.efficiency) ? Math.min(1, Math.max(0, result.efficiency)) : 1;
  return {
    built: ok,
    image: {
      bytes,
      compressedBytes,
      size: humanSize(bytes),
      compressedSize: humanSize(compressedBytes),
      id: ok ? imageDigest(result).slice('sha256:'.length, 'sha256:'.length + 12) : null,
      layers: (result.image?.layers ?? []).filter((l) => !l.empty).length,
    },
    wasted: { bytes: result.wasted?.bytes ?? 0, size: humanSize(result.wasted?.bytes ?? 0), files: wastedPaths(result) },
    efficiency,
    efficiencyText: efficiencyText(result),
    context: {
      bytes: result.context?.bytes ?? 0,
      files: result.context?.files ?? 0,
      size: humanSize(result.context?.bytes ?? 0),
      line: contextLine(result),
      sentence: contextSentence(result),
    },
  };
}
