/**
 * The sample projects the playground can start from: each is one of the course's
 * projects (content/projects/<id>) with the naive Dockerfile a lesson starts from.
 * Plain data, shared by the page, the JSON it fetches and the share link's check.
 */
export interface Sample {
  id: string;
  title: string;
  /** One line about it, for the choice. */
  about: string;
  /** The starting Dockerfile: a lesson folder and a file in it. */
  start: { folder: string; path: string };
}

export const SAMPLES: readonly Sample[] = [
  { id: 'node-express-ts', title: 'Node + TypeScript server (Express)', about: 'lesson 1’s single-stage node:20 Dockerfile', start: { folder: '01-why-images-are-huge', path: 'start/Dockerfile' } },
  { id: 'go-http', title: 'Go HTTP server', about: 'lesson 5’s single-stage golang Dockerfile', start: { folder: '05-go-scratch', path: 'examples/single-stage.Dockerfile' } },
  { id: 'web-vite', title: 'Static site built with Vite', about: 'lesson 3’s build-then-nginx Dockerfile', start: { folder: '03-copy-from', path: 'start/Dockerfile' } },
  { id: 'fullstack', title: 'Go API and Vite front end', about: 'lesson 10’s single-stage Dockerfile', start: { folder: '10-capstone', path: 'start/Dockerfile' } },
];

/** The project a share link names when it carries none, and the page's first choice. */
export const DEFAULT_SAMPLE = 'node-express-ts';

/** "No project files": an empty build context (a share link says `project=none`). */
export const NO_PROJECT = 'none';

export const sampleById = (id: string): Sample | undefined => SAMPLES.find((s) => s.id === id);

/** What /playground/projects/<id>.json holds. */
export interface SampleData {
  version: 1;
  id: string;
  title: string;
  /** The project's real files (text where the engine reads it) as context entries. */
  files: Array<{ path: string; size: number; hash: string; text?: string }>;
  /** Its stagecraft.project.json: heavy folders by totals, build facts. */
  manifest: unknown;
  dockerfile: string;
  /** The project's own .dockerignore ('' when it has none). */
  dockerignore: string;
}
