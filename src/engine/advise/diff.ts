/**
 * A line diff for showing two versions of a file (text only). Common lines at
 * both ends are matched first; the middle is a longest-common-subsequence table,
 * bounded: past `maxCells` it reports the middle as replaced rather than spend
 * seconds on it.
 */
export interface DiffLine {
  kind: 'same' | 'mine' | 'theirs';
  text: string;
}

export function lineDiff(mine: string, theirs: string, maxCells = 4_000_000): DiffLine[] {
  const a = mine.split('\n');
  const b = theirs.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ kind: 'same' as const, text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > maxCells) {
    for (const text of midA) out.push({ kind: 'mine', text });
    for (const text of midB) out.push({ kind: 'theirs', text });
  } else {
    // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..], one row of m+1 per i.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: 'same', text: midA[i]! });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        out.push({ kind: 'mine', text: midA[i++]! });
      } else {
        out.push({ kind: 'theirs', text: midB[j++]! });
      }
    }
  }
  for (const text of a.slice(endA)) out.push({ kind: 'same', text });
  return out;
}

/**
 * A unified diff (`--- a/… +++ b/…`, hunks with three lines of context), as `git diff`
 * shows an edit; '' when the texts are the same.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  if (before === '') {
    // A new file: one hunk of added lines, from line 0 of nothing.
    const added = after.replace(/\n$/, '').split('\n');
    return `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${added.length} @@\n${added.map((l) => `+${l}`).join('\n')}\n`;
  }
  const lines = lineDiff(before.replace(/\n$/, ''), after.replace(/\n$/, ''));
  const changed = lines.map((l) => l.kind !== 'same');
  const out: string[] = [before === '' ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  // Line numbers at every index, so a hunk can start anywhere.
  const at: Array<{ o: number; n: number }> = [];
  for (const l of lines) {
    at.push({ o: oldLine, n: newLine });
    if (l.kind !== 'theirs') oldLine++;
    if (l.kind !== 'mine') newLine++;
  }
  while (i < lines.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2 × context lines.
    for (let j = i; j < lines.length; j++) {
      if (changed[j]) end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(lines.length, end + context + 1);
    const body = lines.slice(start, stop);
    const oldCount = body.filter((l) => l.kind !== 'theirs').length;
    const newCount = body.filter((l) => l.kind !== 'mine').length;
    const o = at[start]!.o - (oldCount === 0 ? 1 : 0);
    const n = at[start]!.n - (newCount === 0 ? 1 : 0);
    out.push(`@@ -${o},${oldCount} +${n},${newCount} @@`);
    for (const l of body) out.push(`${l.kind === 'same' ? ' ' : l.kind === 'mine' ? '-' : '+'}${l.text}`);
    i = stop;
  }
  return `${out.join('\n')}\n`;
}
