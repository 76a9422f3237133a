/**
 * SLO rule cost: rules per SLO, and the evaluation cost of our rules against Sloth's for the same
 * SLO (Sloth's getting-started example), measured with promtool 2.42 (the real rule engine) over
 * generated data: 200 request-counter series, 4 hours at 1 minute, every rule evaluated every minute.
 * Each rule file is timed (best of 2) minus a baseline run with one trivial rule, which removes the
 * cost of loading the series. Bounded: about 20 s in all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../lib/core/yaml';
import { renderRuleFile } from '../lib/rules/rule-file';
import { ServiceLevelObjective, SloRulePack, seedSlos } from '../lib/rules/slo';

// ../shared beside the repository root (never a path of one machine).
const SLOTH = join(__dirname, '..', '..', 'shared', 'peers', 'sloth');
const SERIES = 200;
const HOURS = 4;

function promtoolSeconds(dir: string, ruleFile: string): number {
  const tests = {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: Array.from({ length: SERIES }, (_, i) => ({
          series: `http_request_duration_seconds_count{job="myservice",instance="i${i}",code="${i % 50 === 0 ? '500' : '200'}"}`,
          values: `0+${10 + (i % 7)}x${HOURS * 60}`,
        })),
        // one cheap query at the end forces evaluation of the whole range
        promql_expr_test: [{ expr: 'vector(1)', eval_time: `${HOURS}h`, exp_samples: [{ labels: '{}', value: 1 }] }],
      },
    ],
  };
  writeFileSync(join(dir, 'tests.yaml'), toYaml(tests));
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`promtool failed on ${ruleFile}: ${result.stdout}${result.stderr}`);
    best = Math.min(best, seconds);
  }
  return best;
}

function countRules(ruleFileText: string): number {
  return (parse(ruleFileText) as { groups: Array<{ rules: unknown[] }> }).groups.reduce((sum, group) => sum + group.rules.length, 0);
}

/** Printable report lines. */
export async function benchSlo(): Promise<string> {
  const lines: string[] = ['SLO rules'];
  for (const slo of seedSlos()) {
    const group = slo.ruleGroup();
    lines.push(`  ${slo.id}: ${group.rules.length} rules (${group.recordingRules.length} recording, ${group.alertRules.length} alerts)`);
  }
  const genPath = join(SLOTH, '_gen', 'getting-started.yml');
  if (!existsSync(genPath) || spawnSync('sh', ['-c', 'command -v promtool']).status !== 0) {
    lines.push(`  evaluation cost vs Sloth: skipped (${existsSync(genPath) ? 'promtool not installed' : `${SLOTH} absent`})`);
    return lines.join('\n');
  }
  const slothText = readFileSync(genPath, 'utf8');
  const ours = renderRuleFile(new SloRulePack('slo', ServiceLevelObjective.fromSlothSpec(readFileSync(join(SLOTH, 'getting-started.yml'), 'utf8'), { customSeverityLabel: 'sloth_route', runbookBaseUrl: 'https://runbooks.example.org/slo' })).ruleGroups);
  const dir = mkdtempSync(join(tmpdir(), 'bench-slo-'));
  try {
    writeFileSync(join(dir, 'baseline.yaml'), toYaml({ groups: [{ name: 'baseline', rules: [{ record: 'baseline:one', expr: 'vector(1)' }] }] }));
    writeFileSync(join(dir, 'sloth.yaml'), slothText);
    writeFileSync(join(dir, 'ours.yaml'), ours);
    const baseline = promtoolSeconds(dir, 'baseline.yaml');
    const sloth = promtoolSeconds(dir, 'sloth.yaml') - baseline;
    const mine = promtoolSeconds(dir, 'ours.yaml') - baseline;
    lines.push(
      `  getting-started SLO: Sloth ${countRules(slothText)} rules, ours ${countRules(ours)} rules (ours adds 2 base records and 2 for the budget of the whole period; an import adds no alerts)`,
      `  evaluation cost over ${SERIES} series × ${HOURS}h at 1m (promtool, best of 2, minus baseline ${baseline.toFixed(2)} s):`,
      `    Sloth ${sloth.toFixed(2)} s, ours ${mine.toFixed(2)} s, ratio ours/Sloth ${(mine / sloth).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

if (require.main === module) {
  benchSlo().then(
    (report) => process.stdout.write(`${report}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
