/**
 * The build context: a virtual file tree, `.dockerignore` with Docker's
 * semantics, manifests for heavy folders, and content hashes.
 */
export {
  brokenLineWarning,
  compileDockerignore,
  normalizeContextPath,
  parseDockerignore,
  CompiledDockerignore,
  type DockerignoreError,
  type DockerignoreMatcher,
  type DockerignorePattern,
  type MatchExplanation,
  type ParsedDockerignore,
} from './dockerignore';
export {
  applyDockerignore,
  contextView,
  createTree,
  expandGlob,
  textEntry,
  type BuildContextView,
  type ContextEntry,
  type ContextResult,
  type ContextTree,
} from './tree';
export { expandManifest, validateManifest, type ContextManifest, type ManifestDir, type ManifestFile } from './manifest';
export { contentHash } from './hash';
export { goMatch } from '../go/match';
