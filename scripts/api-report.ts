/**
 * npm run api
 *
 * Writes the public API report, api/monitoring-constructs.api.md: every declaration the package root
 * (lib/index.ts) exports, with its signature, as @microsoft/api-extractor prints it. The file is
 * committed; test/api/public-api.test.ts regenerates it and fails when it differs, so a change to the
 * public surface (an accidental export included) shows up in review as a diff of this file.
 *
 * `npm run api` builds dist/ first (`npm run build`), then runs this file on dist/lib/index.d.ts.
 * The test builds declarations only, without type checking, into a temporary folder
 * ({@link buildDeclarations}): the same .d.ts files in a fraction of the time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel, IConfigFile } from '@microsoft/api-extractor';
import { lineDiff } from '../lib/review/line-diff';

/** The repository root. */
export const ROOT = resolve(__dirname, '..');
/** The committed report's folder. */
export const API_REPORT_FOLDER = join(ROOT, 'api');
/** The report's base name: `<unscoped package name>`, written as `<name>.api.md`. */
export const API_REPORT_NAME = 'monitoring-constructs';

/** What {@link generateApiReport} produced. */
export interface ApiReport {
  /** The report file written. */
  readonly path: string;
  /** Its text. */
  readonly text: string;
  /** Every message API Extractor printed (warnings and errors), as `code: text`. */
  readonly messages: readonly string[];
}

/** Options of {@link generateApiReport}. */
export interface ApiReportOptions {
  /** The entry point's declaration file (e.g. `dist/lib/index.d.ts`). */
  readonly entryPoint: string;
  /** Where the report is written. @default the committed report's folder, `api/` */
  readonly reportFolder?: string;
}

/**
 * Emits the .d.ts files of lib/ (tsconfig.build.json, declarations only) into `outDir/lib/`. With
 * `noCheck`, tsc skips type checking (`tsc --noEmit` in `npm test` does that), which makes this a few
 * seconds instead of a full build; the declarations are the same. `outDir` gets a `node_modules` link
 * to this repository's, so that the declarations' imports of cdktf, constructs, … resolve.
 */
export function buildDeclarations(outDir: string): string {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--emitDeclarationOnly', '--declarationMap', 'false', '--outDir', outDir, '--noCheck'];
  try {
    execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error: any) {
    // tsc prints its errors on stdout
    throw new Error(`tsc failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
  const link = join(outDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(join(ROOT, 'node_modules'), link, 'dir');
  return join(outDir, 'lib', 'index.d.ts');
}

/**
 * The API Extractor configuration: only the API report (no doc model, no .d.ts rollup). Release tags
 * (@public, @beta) are not used by this package, and TSDoc is checked by test/docs. Forgotten exports (a
 * public signature naming a type the package root does not export) are written into the report with a
 * warning and their declaration, so that what a consumer sees through them is pinned as well.
 */
function extractorConfig(entryPoint: string, reportFolder: string, reportName: string, tempFolder: string): IConfigFile {
  return {
    projectFolder: ROOT,
    mainEntryPointFilePath: entryPoint,
    // API Extractor brings its own TypeScript. The SDK's `@grafana/grafana-foundation-sdk/<panel>` modules
    // resolve only through package.json "exports", hence node16 resolution (lib/ compiles with a shim
    // instead). No @types: the declarations use no Node types, and skipping them saves a second.
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022', module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: [], strict: true,
          skipLibCheck: true, esModuleInterop: true,
        },
      },
    },
    apiReport: { enabled: true, reportFileName: reportName, reportFolder, reportTempFolder: tempFolder, includeForgottenExports: true },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        // {@link} targets in doc comments are checked by TypeScript; API Extractor resolves fewer of them.
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
        // TSDoc coverage is test/docs' job (which knows that a member implementing a documented one is documented).
        'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
}

/** Runs API Extractor on `entryPoint` and writes `<reportFolder>/monitoring-constructs.api.md`. */
export function generateApiReport(options: ApiReportOptions): ApiReport {
  const reportFolder = options.reportFolder ?? API_REPORT_FOLDER;
  const reportName = API_REPORT_NAME;
  mkdirSync(reportFolder, { recursive: true });
  const tempFolder = mkdtempSync(join(tmpdir(), 'api-extractor-'));
  try {
    const config = ExtractorConfig.prepare({
      configObject: extractorConfig(options.entryPoint, reportFolder, reportName, tempFolder),
      configObjectFullPath: undefined,
      packageJsonFullPath: join(ROOT, 'package.json'),
    });
    const messages: string[] = [];
    const result = Extractor.invoke(config, {
      // localBuild: write the report where it belongs instead of failing on a difference; the test compares.
      localBuild: true,
      messageCallback: (message) => {
        if (message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error) {
          messages.push(`${message.messageId}: ${message.text}`);
        }
        message.handled = true;
      },
    });
    if (result.errorCount > 0) throw new Error(`API Extractor failed:\n${messages.join('\n')}`);
    const path = join(reportFolder, `${reportName}.api.md`);
    return { path, text: readFileSync(path, 'utf8'), messages };
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
}

/**
 * A readable diff of two reports ('' when they are equal): the changed region with 3 lines of context,
 * `-` for lines only in `before` (the committed report), `+` for lines only in `after`, with the line
 * number in `before` where the change starts.
 */
export function reportDiff(before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  // Only the region between the common head and tail is diffed (the line diff is quadratic).
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const context = 3;
  const from = Math.max(0, head - context);
  const region = (lines: string[]) => lines.slice(from, lines.length - Math.max(0, tail - context)).join('\n');
  const diff = lineDiff(region(a), region(b), context);
  const body = diff.lines ?? [`(too large to show: ${diff.removed} lines removed, ${diff.added} added)`];
  return [`@@ line ${from + 1} of the committed report: ${diff.removed} removed, ${diff.added} added`, ...body].join('\n');
}

if (require.main === module) {
  const entryPoint = join(ROOT, 'dist', 'lib', 'index.d.ts');
  if (!existsSync(entryPoint)) {
    console.error(`${entryPoint} is missing: run \`npm run build\` first (\`npm run api\` does).`);
    process.exit(1);
  }
  const report = generateApiReport({ entryPoint });
  // API Extractor's own notes (console-api-report-created, …) are left out: the line below says it.
  for (const message of report.messages.filter((m) => !m.startsWith('console-'))) console.warn(message);
  console.log(`wrote ${report.path} (${report.text.split('\n').length} lines); review its diff.`);
}
