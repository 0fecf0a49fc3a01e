import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../share';
import { parsePlaygroundFragment, playgroundFragment } from './share-link';

describe('the playground’s share link', () => {
  it('carries the Dockerfile (as exercise links do) and the sample project, and reads back', async () => {
    const enc = await encodeShare('FROM node:20\nCOPY . .\n');
    if (!enc.ok) throw new Error(enc.error);
    const hash = `#${playgroundFragment(enc.fragment, 'go-http')}`;
    const parsed = parsePlaygroundFragment(hash);
    expect(parsed).toEqual({ share: enc.fragment, project: 'go-http', unknownProject: null });
    expect(await decodeShare(parsed.share!)).toEqual({ ok: true, text: 'FROM node:20\nCOPY . .\n' });
  });

  it('names no project of its own making: a folder, or none, is `none`', () => {
    expect(playgroundFragment('share=v1.abc', 'none')).toBe('share=v1.abc&project=none');
    expect(playgroundFragment('share=v1.abc', 'folder')).toBe('share=v1.abc&project=none');
    expect(playgroundFragment('share=v1.abc', null)).toBe('share=v1.abc&project=none');
  });

  it('ignores a project Stagecraft does not have, keeping its name only to say so', () => {
    expect(parsePlaygroundFragment('#share=v1.abc&project=%3Cscript%3E')).toEqual({ share: 'share=v1.abc', project: null, unknownProject: '<script>' });
    expect(parsePlaygroundFragment('#project=%E0%A4%A')).toEqual({ share: null, project: null, unknownProject: '%E0%A4%A' });
  });

  it('reads a link with a project only, or with nothing of ours', () => {
    expect(parsePlaygroundFragment('#project=web-vite')).toEqual({ share: null, project: 'web-vite', unknownProject: null });
    expect(parsePlaygroundFragment('')).toEqual({ share: null, project: null, unknownProject: null });
    expect(parsePlaygroundFragment('#privacy')).toEqual({ share: null, project: null, unknownProject: null });
  });

  it('leaves a damaged Dockerfile part to share.ts, which refuses it with a reason', async () => {
    const parsed = parsePlaygroundFragment('#share=v1.!!!&project=go-http');
    expect(await decodeShare(parsed.share!)).toMatchObject({ ok: false, error: expect.stringContaining('damaged') });
  });
});
