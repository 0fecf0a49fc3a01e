import { describe, expect, it } from 'vitest';
import { imageRow, imagesTable } from './images';
import { build, GOLDEN } from './spec-fixtures';

describe('docker images', () => {
  it('prints Docker’s columns and decimal sizes', () => {
    const table = imagesTable([
      { repository: 'app', tag: 'multi', id: 'sha256:3f1c2a9b8d7e6f5a4b3c', created: 90, bytes: 135_660_585 },
      { repository: 'app', tag: 'single', id: 'a1b2c3d4e5f6a7b8', created: '2 minutes ago', bytes: 1_143_947_474 },
    ]);
    expect(table).toBe(
      [
        'REPOSITORY   TAG       IMAGE ID       CREATED              SIZE',
        'app          multi     3f1c2a9b8d7e   About a minute ago   136MB',
        'app          single    a1b2c3d4e5f6   2 minutes ago        1.14GB',
        '',
      ].join('\n'),
    );
  });

  it('prints only the header when there is no image', () => {
    expect(imagesTable([])).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
  });

  it('makes the row of a build, and none for a failed build', () => {
    const r = build(GOLDEN['node-multi-stage']!);
    const row = imageRow(r, { tag: 'app:multi', secondsAgo: 5 })!;
    expect(row).toMatchObject({ repository: 'app', tag: 'multi', created: 5, bytes: r.image!.bytes });
    expect(imagesTable([row])).toMatch(/^app {10}multi {5}[0-9a-f]{12} {3}5 seconds ago {3}136MB\n$/m);
    expect(imageRow(build(GOLDEN['missing-copy-source']!))).toBeNull();
  });
});
