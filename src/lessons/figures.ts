import { humanSize, imageCalibration as calibration } from '../engine/index';

/**
 * Figures the lesson text quotes, read from the calibration data so that the
 * text cannot drift from the numbers the simulator uses. Throws at site-build
 * time for a name that is not in the data, naming it.
 */
// `bytes` of a layer: not every catalog image has per-layer uncompressed sizes.
type LayerEntry = { created_by: string; bytes?: number; compressed_bytes: number };
type ImageEntry = { uncompressed_bytes: number; compressed_bytes: number; layers?: LayerEntry[] };
type ArtifactEntry = { bytes: number; packages?: number };

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

/** How many packages a measured artifact (a node_modules folder) holds. */
export function artifactPackages(name: string): number {
  const packages = artifacts[name]?.packages;
  if (packages === undefined) throw new Error(`Lesson figure: no package count for artifact "${name}" in src/engine/images/calibration/image-sizes.json`);
  return packages;
}

/** The first layer of a catalog image whose `created_by` contains `text`, with its (estimated) sizes. */
export function imageLayer(tag: string, text: string): { bytes: number; compressedBytes: number } {
  const found = images[tag]?.layers?.find((l) => l.created_by.includes(text));
  if (found?.bytes === undefined) throw new Error(`Lesson figure: no layer of "${tag}" whose created_by contains "${text}", with its bytes, in src/engine/images/calibration/image-sizes.json`);
  return { bytes: found.bytes, compressedBytes: found.compressed_bytes };
}

export { humanSize };
