import type { StackDiff } from './review-diff';

/** What the two sides of a review diff are, for the heading. */
export interface ReviewDiffLabels {
  /** The base, e.g. `origin/main (1a2b3c4)`. */
  readonly base: string;
  /** The other side, e.g. `working tree`. */
  readonly head: string;
}

/** The heading shared by every variant of diff.md; the PR comment is found again by it. */
export const REVIEW_DIFF_HEADING = '# Review diff';

/** diff.md: what changed per stack, in reviewer language. Deterministic for the same input. */
export function renderReviewDiff(stacks: ReadonlyArray<StackDiff>, labels: ReviewDiffLabels): string {
  const lines = [REVIEW_DIFF_HEADING, '', `Base: ${labels.base} → ${labels.head}.`, ''];
  const of = (status: StackDiff['status']) => stacks.filter((s) => s.status === status).map((s) => s.name);
  const parts = (
    [['changed', of('changed')], ['added', of('added')], ['removed', of('removed')], ['unchanged', of('unchanged')]] as const
  )
    .filter(([, names]) => names.length > 0)
    .map(([status, names]) => `${names.length} ${status} (${names.join(', ')})`);
  lines.push(stacks.length === 0 ? 'No stacks on either side.' : `${stacks.length} stack${stacks.length === 1 ? '' : 's'}: ${parts.join(', ')}.`, '');
  for (const stack of stacks) {
    if (stack.status === 'unchanged') continue;
    const suffix = stack.status === 'added' ? ' (new stack)' : stack.status === 'removed' ? ' (stack removed)' : '';
    lines.push(`## ${stack.name}${suffix}`, '');
    for (const note of stack.notes) lines.push(`> ${note}`, '');
    for (const section of stack.sections) lines.push(`### ${section.title}`, '', ...section.lines, '');
  }
  if (stacks.length > 0 && stacks.every((s) => s.status === 'unchanged')) lines.push('No changes to alerts, routes, dashboards, charts, sizing or configuration.', '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** diff.md when the base has nothing to compare with, e.g. a commit from before the review artifacts. */
export function renderMissingBase(reason: string, headStacks: ReadonlyArray<string>, labels: ReviewDiffLabels): string {
  return [
    REVIEW_DIFF_HEADING,
    '',
    `Base: ${labels.base} → ${labels.head}.`,
    '',
    `**Nothing to compare:** ${reason}`,
    '',
    headStacks.length > 0
      ? `The ${labels.head} has ${headStacks.length} stack${headStacks.length === 1 ? '' : 's'} (${headStacks.join(', ')}); read their summary.md in the review artifacts.`
      : `The ${labels.head} has no stacks either.`,
    '',
  ].join('\n');
}
