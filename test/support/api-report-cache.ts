import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ApiReport, ApiReportOptions, API_REPORT_NAME, buildDeclarations, generateApiReport } from '../../scripts/api-report';
import { cachedDirectory, cachedJson, contentHash, REPO_ROOT } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';
import { pathPlaceholders } from './tools';

/*
 * The public API test's two slow steps (tsc's declarations, seconds; API Extractor's report, seconds
 * per run), cached on disk by a hash of every input (disk-cache.ts), so that a run with nothing changed
 * reuses them and a change to any input computes them again. MONITORING_TEST_CACHE=off runs both.
 */

/**
 * What the declarations of lib/ depend on: its sources, the compiler settings, the TypeScript version
 * and the declarations of the dependencies (package-lock.json), and the scripts that build them.
 */
const DECLARATION_INPUTS = [
  'lib',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'scripts/api-report.ts',
  'test/support/api-report-cache.ts',
];

/**
 * What a report depends on besides the declarations themselves: API Extractor's version and the types
 * the declarations import (package-lock.json), the package name (package.json), its configuration
 * (scripts/api-report.ts; a tsdoc.json would be read too) and this file.
 */
const REPORT_INPUTS = ['package.json', 'package-lock.json', 'tsdoc.json', 'scripts/api-report.ts', 'test/support/api-report-cache.ts'];

/** {@link buildDeclarations}, cached: the declarations of lib/ copied into `outDir` (writable), with the node_modules link. */
export function cachedDeclarations(outDir: string): string {
  const entry = cachedDirectory('monitoring-api-declarations', contentHash(DECLARATION_INPUTS, [process.version]), (dir) => {
    recordToolVerdict('tsc', 'ran');
    measuringToolCpu('tsc', () => buildDeclarations(dir));
    rmSync(join(dir, 'node_modules')); // the link only, made again for each copy
    // Only lib/ is hashed: a build that emitted more read sources outside it (the import rules forbid that).
    const emitted = readdirSync(dir).filter((name) => name !== 'lib' && name !== 'node_modules');
    if (emitted.length > 0) throw new Error(`the declarations of lib/ include files outside lib/ (${emitted.join(', ')}): add them to DECLARATION_INPUTS`);
  });
  cpSync(join(entry, 'lib'), join(outDir, 'lib'), { recursive: true });
  // as buildDeclarations links it: the declarations' imports of cdktf, constructs, … resolve through it
  const link = join(outDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(join(REPO_ROOT, 'node_modules'), link, 'dir');
  return join(outDir, 'lib', 'index.d.ts');
}

/** Every file under `dir` (the node_modules link left out) as name relative to it and contents. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .flatMap((file) => [relative(dir, file), readFileSync(file, 'utf8')]);
}

/**
 * {@link generateApiReport}, cached by every file of the entry point's folder (the declarations), the
 * report already in `reportFolder` (API Extractor's messages say whether it was missing or changed) and
 * {@link REPORT_INPUTS}. The report is written into `reportFolder` as on a real run. The folders' paths
 * differ from run to run: the key and the stored messages name them by placeholder.
 */
export function cachedApiReport(options: ApiReportOptions & { readonly reportFolder: string }): ApiReport {
  const declarations = dirname(options.entryPoint);
  const path = join(options.reportFolder, `${API_REPORT_NAME}.api.md`);
  const placeholders = pathPlaceholders([declarations, options.reportFolder]);
  const key = contentHash(REPORT_INPUTS, [
    process.version,
    REPO_ROOT,
    relative(declarations, options.entryPoint),
    existsSync(path) ? readFileSync(path, 'utf8') : '<no report>',
    ...filesOf(declarations),
  ]);
  const stored = cachedJson('monitoring-api-report', key, () => {
    recordToolVerdict('api-extractor', 'ran');
    const report = measuringToolCpu('api-extractor', () => generateApiReport(options));
    return { text: report.text, messages: report.messages.map((message) => placeholders(message, true)) };
  });
  mkdirSync(options.reportFolder, { recursive: true });
  writeFileSync(path, stored.text);
  return { path, text: stored.text, messages: stored.messages.map((message) => placeholders(message, false)) };
}
