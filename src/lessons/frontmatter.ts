/**
 * A lesson's YAML frontmatter, read from its MDX text. On its own (YAML only, no
 * engine), so the end-to-end tests' helpers can list lessons without loading the engine.
 */
import { parse as parseYaml } from 'yaml';

/** The YAML frontmatter at the top of an MDX text, or why it cannot be read. */
export function parseFrontmatter(text: string): { data: Record<string, unknown> } | { error: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return { error: 'it has no frontmatter (a block between two --- lines at the top)' };
  try {
    const data: unknown = parseYaml(m[1] ?? '');
    if (data && typeof data === 'object' && !Array.isArray(data)) return { data: data as Record<string, unknown> };
    return { error: 'its frontmatter is not a YAML mapping' };
  } catch (e) {
    return { error: `its frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

