import type { Route } from './route';

/** Characters that may stand in a quoted Mermaid label as they are; every other one is escaped. */
const PLAIN = /[A-Za-z0-9 _.,:=/@+-]/;

/**
 * Text for a quoted Mermaid label. Mermaid reads `"`, `[`, `]`, `|`, `{`, `}`, `(`, `)`, `<`, `>`, `#`,
 * `;` and `~` (in `=~`) as syntax or HTML, and a backtick would end the Markdown fence, so everything
 * outside a small plain set becomes a numeric entity code (`#34;`), which Mermaid renders literally.
 */
export function escapeMermaidLabel(text: string): string {
  let out = '';
  for (const char of text) out += PLAIN.test(char) ? char : `#${char.codePointAt(0)};`;
  return out;
}

/**
 * The routing tree as a Mermaid flowchart (left to right, in a ```mermaid fence), for summary.md.
 * Nodes are numbered depth-first, so the output is stable; edge labels give the order in which
 * Alertmanager tries the children, and each node says where a matching alert goes.
 */
export function renderRoutingMermaid(root: Route): string {
  const lines = ['```mermaid', 'flowchart LR'];
  let next = 0;
  const visit = (route: Route, inherited: string | undefined, isRoot: boolean): string => {
    const id = `r${next++}`;
    const receiver = route.receiver ?? inherited ?? '';
    const text: string[] = [
      isRoot ? 'all alerts (root)' : route.matchers.length > 0 ? route.matchers.map((m) => m.toString()).join(', ') : 'any alert',
      route.receiver !== undefined ? `receiver: ${receiver}` : `receiver: ${receiver} (inherited)`,
    ];
    if (route.continue) text.push('continue: also tries the next routes');
    if (route.groupBy !== undefined) text.push(`group by: ${route.groupBy.join(', ')}`);
    if (route.activeTimeIntervals.length > 0) text.push(`active during: ${route.activeTimeIntervals.join(', ')}`);
    if (route.muteTimeIntervals.length > 0) text.push(`muted during: ${route.muteTimeIntervals.join(', ')}`);
    lines.push(`  ${id}["${text.map(escapeMermaidLabel).join('<br/>')}"]`);
    route.routes.forEach((child, index) => {
      const childId = visit(child, receiver, false);
      lines.push(`  ${id} -->|"${index + 1}"| ${childId}`);
    });
    return id;
  };
  visit(root, undefined, true);
  lines.push('```');
  return lines.join('\n');
}
