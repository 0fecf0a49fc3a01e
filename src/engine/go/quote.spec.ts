import { describe, expect, it } from 'vitest';
import { goQuote, goQuoteList } from './quote';

describe("Go's strconv.Quote", () => {
  it('escapes what Go escapes and keeps what unicode.IsPrint accepts', () => {
    expect(goQuote('node')).toBe('"node"');
    expect(goQuote('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(goQuote('\x07\b\f\n\r\t\v\x01\x7f')).toBe('"\\a\\b\\f\\n\\r\\t\\v\\x01\\x7f"');
    expect(goQuote('é ü 日本 €')).toBe('"é ü 日本 €"');
    // Spaces other than U+0020, format characters and unassigned code points are not printable in Go.
    expect(goQuote('a\u2003b\u00a0c\u200bd\u2028e')).toBe('"a\\u2003b\\u00a0c\\u200bd\\u2028e"');
    expect(goQuote('\u{1F600}\u{E0001}')).toBe('"\u{1F600}\\U000e0001"');
    expect(goQuoteList(['node', 'dist/server.js'])).toBe('["node" "dist/server.js"]');
  });
});
