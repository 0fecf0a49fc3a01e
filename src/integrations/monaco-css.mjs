// @ts-check
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Monaco's modules import their own CSS files. Bundled normally, Astro would
 * link that CSS (≈135 kB) from every lesson page, even though the editor loads
 * only when the learner reaches the exercise. This plugin turns each of
 * Monaco's CSS imports into a tiny module that adds the styles when it runs,
 * so the CSS travels with the lazily loaded editor code and nowhere else.
 * (The CSP allows inline styles, which Monaco needs anyway.)
 * @returns {import('vite').Plugin}
 */
export function monacoCssWithEditor() {
  return {
    name: 'stagecraft:monaco-css-with-editor',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.endsWith('.css') || !importer.includes('monaco-editor')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // A virtual id that does not end in .css, so Vite's CSS pipeline leaves it alone.
      return resolved ? `\0monaco-style:${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith('\0monaco-style:')) return null;
      const file = id.slice('\0monaco-style:'.length, -'.js'.length);
      let css = readFileSync(file, 'utf8');
      /** @type {string[]} */
      const imports = [];
      // Assets the CSS points at (the codicon font) become URLs Vite emits.
      css = css.replace(/url\((['"]?)([^'")]+)\1\)/g, (match, _q, ref) => {
        if (/^(data:|https?:|#)/.test(ref)) return match;
        const name = `__asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(`${resolve(dirname(file), ref.split(/[?#]/)[0])}?url`)};`);
        return `url("\${${name}}")`;
      });
      return `${imports.join('\n')}
const style = document.createElement('style');
style.dataset.monaco = ${JSON.stringify(file.split('node_modules/').pop())};
style.textContent = \`${css.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{(?!__asset)/g, '\\${')}\`;
document.head.append(style);
export default '';`;
    },
  };
}
