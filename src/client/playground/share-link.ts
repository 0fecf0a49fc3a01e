/**
 * The playground's share link: `#share=v1.<the Dockerfile, as ../share.ts packs it>&project=<sample>`.
 * The Dockerfile part is the exercises' own format (size-limited and validated by
 * ../share.ts); the project is one of the sample projects' ids, or `none`. A folder
 * the learner picked is never in a link: only the Dockerfile and which sample it was.
 */
import { NO_PROJECT, sampleById } from './samples';

/** The fragment (without `#`) for an encoded Dockerfile (`share=v1.…`) and a project. */
export function playgroundFragment(shareFragment: string, project: string | null): string {
  const p = project !== null && (project === NO_PROJECT || sampleById(project)) ? project : NO_PROJECT;
  return `${shareFragment}&project=${encodeURIComponent(p)}`;
}

export interface ParsedFragment {
  /** The `share=…` part for ../share.ts decodeShare, or null when the link carries no Dockerfile. */
  share: string | null;
  /** A sample's id or `none`; null when the link names none (or one Stagecraft does not have). */
  project: string | null;
  /** A project the link names that is not one of ours (shown as text, never used). */
  unknownProject: string | null;
}

/** Reads `location.hash`; parts it does not know are ignored. */
export function parsePlaygroundFragment(hash: string): ParsedFragment {
  const f = hash.startsWith('#') ? hash.slice(1) : hash;
  let share: string | null = null;
  let project: string | null = null;
  let unknownProject: string | null = null;
  for (const part of f.split('&')) {
    if (part.startsWith('share=')) share ??= part;
    else if (part.startsWith('project=')) {
      let id: string;
      try {
        id = decodeURIComponent(part.slice('project='.length));
      } catch {
        id = part.slice('project='.length);
      }
      if (id === NO_PROJECT || sampleById(id)) project = id;
      else unknownProject = id.slice(0, 80);
    }
  }
  return { share, project, unknownProject };
}
