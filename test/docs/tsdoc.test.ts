import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libMissingDocs } from '../support/tsdoc-lib';
import { findMissingDocs, MissingDoc } from './tsdoc-coverage';

const list = (missing: readonly MissingDoc[]) => missing.map((m) => `${m.file}:${m.line}: ${m.name} (${m.problem})`).join('\n');

describe('TSDoc coverage of lib/**', () => {
  test('every exported declaration and public member is documented, every optional prop has @default', () => {
    // findMissingDocs of lib/, cached by the contents of lib/ and everything else it reads.
    const missing = libMissingDocs();
    // Compare the printed list, so a failure names each undocumented declaration.
    expect(list(missing)).toBe('');
  });
});

describe('findMissingDocs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsdoc-coverage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scan = (source: string) => {
    writeFileSync(join(dir, 'widget.ts'), source);
    return findMissingDocs(dir);
  };

  test('reports an undocumented prop of an exported interface', () => {
    const missing = scan(`/** Props of a widget. */
export interface WidgetProps {
  /** The widget's name. */
  readonly name: string;
  readonly size: number;
}
`);
    expect(missing).toEqual([{ file: 'widget.ts', line: 5, name: 'WidgetProps.size', problem: 'no description' }]);
  });

  test('reports a tags-only comment and an optional Props member without @default', () => {
    const missing = scan(`/** Props of a widget. */
export interface WidgetProps {
  /** @default 3 */
  readonly size?: number;
  /** Colour of the widget. */
  readonly colour?: string;
}
`);
    expect(missing).toEqual([
      { file: 'widget.ts', line: 4, name: 'WidgetProps.size', problem: 'no description' },
      { file: 'widget.ts', line: 6, name: 'WidgetProps.colour', problem: 'no @default' },
    ]);
  });

  test('reports undocumented exported top-level declarations and public parameter properties, not private or unexported ones', () => {
    const missing = scan(`export function grow(): void {}
export const SIZE = 3;
export type Size = number;
/** A widget. */
export class Widget {
  constructor(public readonly label: string, private readonly secret: string) {}
  private hidden(): string { return this.secret; }
}
interface Internal { readonly x: number }
export function useInternal(i: Internal): number { return i.x; }
`);
    expect(missing.map((m) => m.name)).toEqual(['grow', 'SIZE', 'Size', 'Widget.label', 'useInternal']);
  });

  test('a member implementing a documented interface member inherits its doc; one implementing an undocumented member does not', () => {
    const missing = scan(`/** Something with a name. */
export interface Named {
  /** The name. */
  readonly name: string;
  readonly size: number;
}
/** A widget. */
export class Widget implements Named {
  public readonly name = 'w';
  public readonly size = 1;
}
`);
    expect(missing.map((m) => m.name)).toEqual(['Named.size', 'Widget.size']);
  });
});
