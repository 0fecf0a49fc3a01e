/**
 * Reads parts of a lesson's MDX source as data, for pages and tests that need them
 * outside the lesson page: the commands of its <TerminalSteps> walk-throughs and of its
 * "Try it on a real Docker" box. Pure: text in, plain objects out. A part that cannot
 * be read throws, naming what is wrong, so the site build stops on it.
 */

/** Props of a JSX tag, as written: strings, `true` for a bare attribute, or the value of a `{…}` literal. */
export type TagProps = Record<string, unknown>;

/** The text outside fenced code blocks, same length (a tag in a code sample is not a tag). */
export function proseOf(mdx: string): string {
  return mdx.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Where the JS expression starting at `text[start] === '{'` ends (the index after its `}`). */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unclosed {…} from ${text.slice(start, start + 60)}`);
}

/**
 * Every self-closing `<Name …/>` in the text (outside inline code), with its props and where it starts.
 * `{…}` props are evaluated as literals: the components read this way (TerminalSteps)
 * take plain data, so the value needs no scope.
 */
export function jsxTags(text: string, name: string): Array<{ at: number; props: TagProps }> {
  const out: Array<{ at: number; props: TagProps }> = [];
  const re = new RegExp(`<${name}\\b`, 'g');
  for (const m of text.matchAll(re)) {
    // A tag inside inline code (an odd number of backticks before it on its line) is text.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if ((text.slice(lineStart, m.index).match(/`/g)?.length ?? 0) % 2 === 1) continue;
    const props: TagProps = {};
    let i = m.index + m[0].length;
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text.startsWith('/>', i)) break;
      if (i >= text.length) throw new Error(`<${name}> is not closed`);
      if (text[i] === '>') throw new Error(`<${name}> must close itself (/>)`);
      const attr = /^[A-Za-z_][\w-]*/.exec(text.slice(i));
      if (!attr) throw new Error(`cannot read the props of <${name}> at ${text.slice(i, i + 40)}`);
      i += attr[0].length;
      if (text[i] !== '=') {
        props[attr[0]] = true;
        continue;
      }
      i++;
      if (text[i] === '"' || text[i] === "'") {
        const close = text.indexOf(text[i]!, i + 1);
        props[attr[0]] = text.slice(i + 1, close);
        i = close + 1;
      } else if (text[i] === '{') {
        const end = expressionEnd(text, i);
        props[attr[0]] = new Function(`return (${text.slice(i + 1, end - 1)});`)();
        i = end;
      } else throw new Error(`cannot read the value of ${attr[0]} on <${name}>`);
    }
    out.push({ at: m.index, props });
  }
  return out;
}

/** One step of a <TerminalSteps> list. */
export interface TerminalStep {
  run: string;
  note?: string;
  status?: number;
  expect?: string[];
}

/** A <TerminalSteps> list of a lesson. */
export interface TerminalStepList {
  /** The list's label (what it is for), or null when it has none. */
  label: string | null;
  /** The steps assume the exercise's solution is in the editor. */
  solved: boolean;
  /** The number of its first step (lists continue each other). */
  start: number;
  steps: TerminalStep[];
}

/** The lesson's <TerminalSteps> lists, in the order of the text; `[]` when it has none. */
export function terminalStepLists(mdx: string): TerminalStepList[] {
  let next = 1;
  return jsxTags(proseOf(mdx), 'TerminalSteps').map(({ props }) => {
    const steps = props.steps;
    if (!Array.isArray(steps) || steps.some((s) => typeof (s as TerminalStep)?.run !== 'string')) {
      throw new Error('<TerminalSteps> needs steps={[{ run: "…" }]}');
    }
    const start = typeof props.start === 'number' ? props.start : next;
    next = start + steps.length;
    return { label: typeof props.label === 'string' ? props.label : null, solved: props.solved === true, start, steps: steps as TerminalStep[] };
  });
}

/** A block of console commands in the "Try it on a real Docker" box, with the sentence that leads into it. */
export interface ConsoleBlock {
  /** The paragraph just before the block ("Then with your solution:"), or null. */
  lead: string | null;
  /** The command lines without their `$ ` prompt, comments kept. */
  commands: string[];
}

/** What a lesson's "Try it on a real Docker" box says: its command blocks and the text after the last one. */
export interface RealDockerBox {
  blocks: ConsoleBlock[];
  /** Paragraphs after the last block, in Markdown (inline code in backticks). */
  after: string[];
}

export const REAL_DOCKER_TITLE = 'Try it on a real Docker';

/** The lesson's "Try it on a real Docker" box; throws when the lesson has none or it holds no commands. */
export function realDockerBox(mdx: string): RealDockerBox {
  const open = mdx.indexOf(`<Callout title="${REAL_DOCKER_TITLE}"`);
  if (open < 0) throw new Error(`the lesson has no <Callout title="${REAL_DOCKER_TITLE}" kind="docker"> box`);
  const bodyStart = mdx.indexOf('>', open) + 1;
  const close = mdx.indexOf('</Callout>', bodyStart);
  if (close < 0) throw new Error(`the "${REAL_DOCKER_TITLE}" box is not closed with </Callout>`);
  const body = mdx.slice(bodyStart, close);

  const blocks: ConsoleBlock[] = [];
  let paragraphs: string[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```/gm;
  let last = 0;
  for (const m of body.matchAll(fence)) {
    paragraphs = paragraphsOf(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== 'console') continue;
    const commands = m[2]!.split('\n').filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
    if (commands.length) blocks.push({ lead: paragraphs.at(-1) ?? null, commands });
  }
  if (blocks.length === 0) throw new Error(`the "${REAL_DOCKER_TITLE}" box has no \`\`\`console block of $ commands`);
  return { blocks, after: paragraphsOf(body.slice(last)) };
}

function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

/** `a \`b\` c` → text and code pieces, for rendering a note with inline code. */
export function codePieces(text: string): Array<{ text: string; code: boolean }> {
  return text.split('`').map((t, i) => ({ text: t, code: i % 2 === 1 })).filter((p) => p.text !== '');
}
