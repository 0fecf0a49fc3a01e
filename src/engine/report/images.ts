/**
 * `docker images` (docker/cli cli/command/formatter/image.go): REPOSITORY,
 * TAG, IMAGE ID, CREATED, SIZE in the CLI's tab-aligned table, SIZE in decimal
 * units with three significant digits (humanSize). This is the classic table;
 * Docker 29's default `docker image ls` view with the containerd image store
 * looks different.
 */
import type { BuildResult } from '../simulate/types';
import { humanSize } from './human-size';
import { built, imageDigest, splitTag } from './outcome';
import { humanDuration, tabwrite, truncateId } from './text';

export interface ImageRow {
  repository: string;
  tag: string;
  /** Image ID, full (`sha256:…`) or already short. */
  id: string;
  /** `2 minutes ago`, or seconds since the image was built. */
  created: string | number;
  /** Uncompressed bytes, what `docker images` shows. */
  bytes: number;
}

export function imagesTable(rows: readonly ImageRow[]): string {
  const table: string[][] = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
  for (const r of rows ?? []) {
    const created = typeof r.created === 'number' ? `${humanDuration(r.created)} ago` : r.created || 'N/A';
    table.push([r.repository || '<none>', r.tag || '<none>', truncateId(r.id ?? ''), created, humanSize(r.bytes)]);
  }
  return `${tabwrite(table)}\n`;
}

export interface ImageRowOptions {
  /** `app` or `app:1.0`; default `app:latest`. */
  tag?: string;
  /** Seconds since the build; default 10. */
  secondsAgo?: number;
}

/** The `docker images` row of a build's image, or null when the build failed (no image was made). */
export function imageRow(result: BuildResult, opts: ImageRowOptions = {}): ImageRow | null {
  if (!built(result)) return null;
  const { repository, tag } = splitTag(opts.tag ?? 'app:latest');
  return { repository, tag, id: imageDigest(result), created: opts.secondsAgo ?? 10, bytes: result.image?.bytes ?? 0 };
}
