import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { cachedCruiseSummary, CruiseOutput } from '../support/import-graph-cache';

// The import rules of lib/ (.dependency-cruiser.cjs, issue 15): imports run one way, stack →
// components → {contracts, model, core}; nothing imports lib/environment or lib/stack; no import loops.
// dependency-cruiser's API is ESM-only and jest runs CommonJS here, so its CLI runs once per graph.

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'import-graph');

interface Violation {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly dependencyTypes?: readonly string[];
  readonly rule: { readonly name: string; readonly severity: string };
  readonly cycle?: ReadonlyArray<{ readonly name: string }>;
}

interface CruiseSummary {
  readonly violations: readonly Violation[];
  readonly totalCruised: number;
}

/**
 * Cruises `lib` under `cwd` with the repository's rules; the summary of dependency-cruiser's JSON.
 * Cached by a hash of `folder` (what the cruise reads) and the rules (test/support/import-graph-cache.ts).
 */
function cruise(cwd: string, folder: string): CruiseSummary {
  return cachedCruiseSummary(relative(ROOT, cwd), relative(ROOT, folder), () => {
    const run = spawnSync(process.execPath, [DEPCRUISE, 'lib', '--config', CONFIG, '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    // depcruise exits with the number of errors; only missing output is a failure to run.
    if (!run.stdout) throw new Error(`dependency-cruiser did not run (exit ${run.status}):\n${run.stderr}`);
    return JSON.parse(run.stdout) as CruiseOutput<CruiseSummary>;
  });
}

/** One line per violation: `rule: from → to [type-only]`, or the loop for a cycle. */
function describeViolation(violation: Violation): string {
  const typeOnly = violation.dependencyTypes?.includes('type-only') ? ' [type-only]' : '';
  const path = violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name)].join(' → ') : `${violation.from} → ${violation.to}`;
  return `${violation.rule.name}: ${path}${typeOnly}`;
}

function report(violations: readonly Violation[]): string[] {
  return violations.map(describeViolation).sort();
}

describe('the import graph of lib/', () => {
  let summary: CruiseSummary;
  beforeAll(() => {
    summary = cruise(ROOT, join(ROOT, 'lib'));
  });

  test('cruises the whole library', () => {
    // A wrong path or an empty cruise must not pass as "no violations".
    expect(summary.totalCruised).toBeGreaterThan(100);
  });

  test('breaks no rule of .dependency-cruiser.cjs (no upward import, no loop)', () => {
    // On failure the list names each import to remove; `npx depcruise lib` prints the same.
    expect(report(summary.violations)).toEqual([]);
  });
});

describe('the import rules can fail', () => {
  // test/fixtures/import-graph/lib breaks each rule exactly once (its files say which) and holds
  // allowed imports (environment → component defaults, stack → environment and component) that must
  // not be reported.
  let summary: CruiseSummary;
  beforeAll(() => {
    summary = cruise(FIXTURE, FIXTURE);
  });

  test('each rule reports its violation, and only those', () => {
    expect(report(summary.violations)).toEqual([
      'core-imports-only-core: lib/core/upward.ts → lib/widget/widget-name.ts',
      'lib-not-to-app-scripts-or-tests: lib/widget/widget-app.ts → stacks/fixture-environment.ts',
      'model-not-to-components: lib/rules/rule.ts → lib/widget/widget-name.ts',
      'no-circular: lib/loop/loop-a.ts → lib/loop/loop-b.ts → lib/loop/loop-a.ts [type-only]',
      'no-import-of-another-components-construct: lib/gadget/gadget.ts → lib/widget/widget.ts',
      'no-import-of-environment: lib/widget/widget-sizing.ts → lib/environment/environment-config.ts',
      'no-import-of-stack: lib/widget/widget-stack.ts → lib/stack/fixture-stack.ts',
    ]);
  });

  test('a loop closed by a type-only import counts', () => {
    const loop = summary.violations.find((violation) => violation.rule.name === 'no-circular');
    expect(loop?.dependencyTypes).toContain('type-only');
  });
});
