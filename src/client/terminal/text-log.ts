/**
 * Terminal output as plain text, for the "Output as text" log that screen readers
 * read and that can be copied without xterm: escape sequences (colours, cursor
 * moves, titles) removed, CR LF made LF, a lone CR starting the line over (the
 * last state of a progress line wins), Backspace taking back a character.
 * DOM-free, so the rules are unit-tested.
 */

/**
 * CSI, OSC (BEL or ST ended), DCS/SOS/PM/APC strings, and the short ESC sequences
 * (whose final byte is anything but the introducers of the others: [ ] P X ^ _).
 */
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -/]*[0-OQ-WYZ\\`-~])/g;
const ESCAPE_AT = new RegExp(ESCAPE.source, 'y');
/** An unfinished sequence is held back at most this long before it is dropped. */
const MAX_CARRY = 4096;

/**
 * Turns a stream of terminal output into plain text lines. `push` returns the
 * lines completed so far (each ending in `\n`); the line still being written is
 * kept until a newline arrives or `flush` is called. An escape sequence split
 * across two chunks is held back until it is whole.
 */
export class PlainTextStream {
  private carry = '';
  private line = '';
  private overwrite = false;

  push(chunk: string): string {
    let data = this.carry + chunk;
    this.carry = '';
    const lastEsc = data.lastIndexOf('\x1b');
    if (lastEsc >= 0) {
      ESCAPE_AT.lastIndex = lastEsc;
      if (!ESCAPE_AT.test(data) && data.length - lastEsc <= MAX_CARRY) {
        this.carry = data.slice(lastEsc);
        data = data.slice(0, lastEsc);
      }
    }
    data = data.replace(ESCAPE, '');
    let out = '';
    for (const ch of data) {
      if (ch === '\n') {
        out += `${this.line}\n`;
        this.line = '';
        this.overwrite = false;
      } else if (ch === '\r') {
        this.overwrite = true;
      } else if (ch === '\b') {
        this.line = Array.from(this.line).slice(0, -1).join('');
      } else if (ch === '\t' || (ch >= ' ' && ch !== '\x7f')) {
        if (this.overwrite) {
          this.line = '';
          this.overwrite = false;
        }
        this.line += ch;
      }
    }
    return out;
  }

  /** The unfinished line (and nothing of an unfinished escape sequence); starts a new line. */
  flush(): string {
    const rest = this.line;
    this.line = '';
    this.carry = '';
    this.overwrite = false;
    return rest;
  }
}

/** The whole of `text` as plain text (see PlainTextStream). */
export function stripAnsi(text: string): string {
  const stream = new PlainTextStream();
  return stream.push(text) + stream.flush();
}
