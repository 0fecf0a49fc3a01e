import calibration from '../engine/images/calibration/image-sizes.json';
import { humanSize } from '../engine/report/human-size';

/**
 * Figures the lesson text quotes, read from the calibration data so that the
 * text cannot drift from the numbers the simulator uses. Throws at site-build
 * time for a name that is not in the data, naming it.
 */
type ImageEntry = { uncompressed_bytes: number; compressed_bytes: number };
type ArtifactEntry = { bytes: number };

const images = calibration.images as Record<string, ImageEntry>;
const artifacts = calibration.artifacts as Record<string, ArtifactEntry>;

export function imageBytes(tag: string, which: 'uncompressed' | 'compressed' = 'uncompressed'): number {
  const entry = images[tag];
  if (!entry) throw new Error(`Lesson figure: no image "${tag}" in src/engine/images/calibration/image-sizes.json`);
  return which === 'compressed' ? entry.compressed_bytes : entry.uncompressed_bytes;
}

export function artifactBytes(name: string): number {
  const entry = artifacts[name];
  if (!entry) throw new Error(`Lesson figure: no artifact "${name}" in src/engine/images/calibration/image-sizes.json`);
  return entry.bytes;
}

export { humanSize };
