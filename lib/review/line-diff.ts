/** Above this many line pairs the diff is not computed (quadratic), only counted. */
const MAX_CELLS = 4_000_000;

/** A line-based diff of two texts, for review: `+`/`-` lines, and the counts. */
export interface LineDiff {
  /** Number of lines only in the new text. */
  readonly added: number;
  /** Number of lines only in the old text. */
  readonly removed: number;
  /** Unified-style lines (`- old`, `+ new`, `  context`), or undefined when the texts were too large. */
  readonly lines?: ReadonlyArray<string>;
}

/**
 * Diffs two texts line by line (longest common subsequence), keeping `context` unchanged lines around
 * each change and `…` where unchanged lines are left out. Deterministic.
 */
export function lineDiff(before: string, after: string, context = 1): LineDiff {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  if (a.length * b.length > MAX_CELLS) {
    const inA = new Set(a);
    const inB = new Set(b);
    return { added: b.filter((l) => !inA.has(l)).length, removed: a.filter((l) => !inB.has(l)).length };
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Array<{ op: ' ' | '-' | '+'; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i++] });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', text: a[i++] }); // removals before additions, as diff(1) shows them
    } else {
      ops.push({ op: '+', text: b[j++] });
    }
  }
  const keep = ops.map((o, index) => o.op !== ' ' || ops.slice(Math.max(0, index - context), index + context + 1).some((n) => n.op !== ' '));
  const lines: string[] = [];
  ops.forEach((o, index) => {
    if (keep[index]) lines.push(`${o.op} ${o.text}`);
    else if (index === 0 || keep[index - 1]) lines.push('…');
  });
  return { added: ops.filter((o) => o.op === '+').length, removed: ops.filter((o) => o.op === '-').length, lines };
}
