import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { API_REPORT_FOLDER, API_REPORT_NAME, ApiReport, reportDiff } from '../../scripts/api-report';
import { cachedApiReport, cachedDeclarations } from '../support/api-report-cache';

/**
 * The public surface of the package is pinned by api/monitoring-constructs.api.md (API Extractor's
 * report of lib/index.ts). A change to it, an accidental export included, fails here until the report
 * is regenerated with `npm run api`, so that it shows up in review as a diff of that file.
 */
describe('public API report', () => {
  const work = mkdtempSync(join(tmpdir(), 'public-api-'));
  let entryPoint: string;
  let fresh: ApiReport;
  beforeAll(() => {
    // One build for both tests: the declarations of lib/ as the build emits them (no type check: fast),
    // and their report, generated into a temporary folder. Both are cached by a hash of every input
    // (test/support/api-report-cache.ts): a run with lib/ unchanged reuses them.
    entryPoint = cachedDeclarations(join(work, 'build'));
    fresh = cachedApiReport({ entryPoint, reportFolder: join(work, 'report') });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the package root exports exactly what api/monitoring-constructs.api.md says', () => {
    // GIVEN the committed report
    const committedPath = join(API_REPORT_FOLDER, `${API_REPORT_NAME}.api.md`);
    const committed = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : '';

    // WHEN it is compared with the one generated from the working tree
    const diff = reportDiff(committed, fresh.text);

    // THEN they are the same
    if (diff !== '') {
      throw new Error(`The public API differs from api/${API_REPORT_NAME}.api.md: run \`npm run api\` and review the diff.\n\n${diff}`);
    }
  });

  test('an export added to the package root changes the report, and the diff names it', () => {
    // GIVEN the built package root (already reported in beforeAll) with one more export, as an
    // accidental `export *` would add it; the entry point keeps its name, which the report mentions
    writeFileSync(join(dirname(entryPoint), 'accidental-helper.d.ts'), '/** A helper. */\nexport declare function accidentalHelper(text: string): string;\n');
    writeFileSync(entryPoint, `${readFileSync(entryPoint, 'utf8')}export { accidentalHelper } from './accidental-helper';\n`);

    // WHEN its report is generated
    const after = cachedApiReport({ entryPoint, reportFolder: join(work, 'widened') }).text;

    // THEN the report differs from the package's by the added export, and by nothing else
    expect(fresh.text).not.toContain('accidentalHelper');
    const diff = reportDiff(fresh.text, after).split('\n');
    expect(diff).toContain('+ export function accidentalHelper(text: string): string;');
    expect(diff.filter((line) => line.startsWith('-'))).toEqual([]);
  });
});

/** The names a module exports by `export { … } from` / `export type { … } from`, per module specifier. */
function namedReExports(file: string): { byModule: Map<string, string[]>; exportStar: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const byModule = new Map<string, string[]>();
  const exportStar: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const from = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!statement.exportClause) exportStar.push(from);
    else if (ts.isNamedExports(statement.exportClause)) {
      byModule.set(from, [...(byModule.get(from) ?? []), ...statement.exportClause.elements.map((element) => element.name.text)]);
    }
  }
  return { byModule, exportStar };
}

describe('lib/index.ts and the folder index.ts files it uses', () => {
  const lib = resolve(__dirname, '../../lib');
  // Every folder index.ts reached from lib/index.ts (lib/rules → lib/rules/packs too), with the names taken from it.
  const indexes: Array<{ file: string; takenBy: string; names: string[] }> = [];
  const visit = (file: string) => {
    for (const [from, names] of namedReExports(file).byModule) {
      const index = join(dirname(file), from, 'index.ts');
      if (!existsSync(index)) continue;
      indexes.push({ file: relative(lib, index), takenBy: relative(lib, file), names });
      visit(index);
    }
  };
  visit(join(lib, 'index.ts'));

  test('export by name only (no export *)', () => {
    expect(namedReExports(join(lib, 'index.ts')).exportStar).toEqual([]);
    expect(indexes.filter(({ file }) => namedReExports(join(lib, file)).exportStar.length > 0).map(({ file }) => file)).toEqual([]);
  });

  test.each(indexes.map((index) => [index.file, index.takenBy, index.names] as const))(
    '%s exports exactly the names %s takes from it',
    (file, _takenBy, names) => {
      const exported = [...namedReExports(join(lib, file)).byModule.values()].flat();
      expect([...exported].sort()).toEqual([...names].sort());
    },
  );
});
