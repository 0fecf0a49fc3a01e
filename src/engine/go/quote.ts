/**
 * Go's strconv.Quote (what `%q` prints for a string), so messages read exactly
 * as Docker's do.
 */

/**
 * Go's strconv.Quote without the surrounding quotes, so a message template can
 * read `stage "{{name}}"` and still print exactly what `%q` prints.
 */
export function goQuoted(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // a lone surrogate: invalid UTF-8 to Go, printed as U+FFFD's escape
    else if (!isPrint(ch)) out += cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
function isPrint(ch: string): boolean {
  return PRINTABLE.test(ch);
}

/** Go's `%q` for one string: `"node"`. */
export function goQuote(s: string): string {
  return `"${goQuoted(s)}"`;
}

/** Go's `%q` for a []string: `["node" "dist/server.js"]`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}
