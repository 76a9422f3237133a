import type { Tree } from '@lezer/common';

/** Where a syntax error sits in a query: 0-based offset, 1-based line and column. */
export interface SyntaxErrorPosition {
  /** Characters before the error, from 0. */
  readonly offset: number;
  /** Line of the error, from 1. */
  readonly line: number;
  /** Column of the error in its line, from 1. */
  readonly column: number;
}

/**
 * The first error node of a lezer parse tree (PromQL and LogQL grammars mark what does not parse
 * with error nodes instead of throwing), located in the query text; undefined when it parses.
 */
export function firstSyntaxError(tree: Tree, query: string): SyntaxErrorPosition | undefined {
  let offset: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (offset !== undefined) return false;
      if (node.type.isError) {
        offset = node.from;
        return false;
      }
      return undefined;
    },
  });
  return offset === undefined ? undefined : positionAt(query, offset);
}

/** Line and column of a 0-based offset in a query, e.g. where a type error starts. */
export function positionAt(query: string, offset: number): SyntaxErrorPosition {
  const before = query.slice(0, offset).split('\n');
  return { offset, line: before.length, column: before[before.length - 1].length + 1 };
}

/** The line of the error with a caret under its column, indented to stand out in a message. */
export function caretExcerpt(query: string, error: SyntaxErrorPosition): string {
  const line = query.split('\n')[error.line - 1];
  return `    ${line}\n    ${' '.repeat(error.column - 1)}^`;
}
