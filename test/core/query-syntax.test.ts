import { parser } from '@prometheus-io/lezer-promql';
import { caretExcerpt, firstSyntaxError, positionAt } from '../../lib/core/query-syntax';

describe('query syntax positions', () => {
  test('positionAt counts lines and columns from 1, offsets from 0', () => {
    const query = 'sum(\n  rate(x[5m])\n)';
    expect(positionAt(query, 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(positionAt(query, 4)).toEqual({ offset: 4, line: 1, column: 5 });
    expect(positionAt(query, 7)).toEqual({ offset: 7, line: 2, column: 3 });
    expect(positionAt(query, query.length)).toEqual({ offset: query.length, line: 3, column: 2 });
  });

  test('firstSyntaxError locates the first error node as positionAt does, and none when the query parses', () => {
    const query = 'sum(rate(x[5m]))\n  + )';
    const error = firstSyntaxError(parser.parse(query), query);
    // The stray `)` at line 2, column 5.
    expect(error).toEqual({ offset: 21, line: 2, column: 5 });
    expect(error).toEqual(positionAt(query, 21));
    expect(firstSyntaxError(parser.parse('sum(rate(x[5m]))'), 'sum(rate(x[5m]))')).toBeUndefined();
  });

  test('caretExcerpt puts the caret under the column', () => {
    expect(caretExcerpt('a\nbc d', positionAt('a\nbc d', 5))).toBe('    bc d\n       ^');
  });
});
