import { describe, expect, it } from 'vitest';
import { humanSize } from './human-size';
import { contextLine, contextSentence, summary } from './summary';
import { build, GOLDEN } from './spec-fixtures';

describe('summary and context', () => {
  it('gives the UI the figures, each also formatted', () => {
    const r = build(GOLDEN['node-wasted-layers']!);
    const s = summary(r);
    expect(s.built).toBe(true);
    expect(s.image).toMatchObject({ bytes: r.image!.bytes, compressedBytes: r.image!.compressedBytes, size: '179MB', compressedSize: humanSize(r.image!.compressedBytes) });
    expect(s.image.id).toMatch(/^[0-9a-f]{12}$/);
    expect(s.wasted).toMatchObject({ bytes: r.wasted.bytes, size: '43.2MB' });
    expect(s.wasted.files[0]!.path).toBe('/app/node_modules/typescript');
    expect(s.efficiency).toBe(r.efficiency);
    expect(s.context).toMatchObject({ bytes: 620, files: 6, size: '620B', line: 'transferring context: 402B' });
  });

  it('prints the context as BuildKit does, and as a sentence', () => {
    const r = { ...build('FROM scratch'), context: { bytes: 93_530_000, files: 1234, transferredBytes: 93_530_000, transferredFiles: 1234 } };
    expect(contextLine(r)).toBe('transferring context: 93.53MB');
    expect(contextSentence(r)).toBe('docker build sent 93.5MB of build context (1,234 files).');
  });

  it('a failed build has no image ID', () => {
    const s = summary(build(GOLDEN['missing-copy-source']!));
    expect(s.built).toBe(false);
    expect(s.image.id).toBeNull();
  });
});
