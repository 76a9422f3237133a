import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, peekJson, storeJson } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';
import { findTool, toolFingerprint } from './tools';

/** What `terraform init` made of a synthesized stack. */
export interface TerraformLoad {
  /** The configuration loaded: Terraform got as far as looking for providers, and nothing else failed. */
  readonly ok: boolean;
  /** Every error that is not "provider not found", as Terraform printed it. */
  readonly problems: string[];
  /** Terraform's whole output, stdout and stderr. */
  readonly output: string;
}

const PROVIDER_NOT_FOUND = /^Error: Failed to query available provider packages\n[\s\S]*was\s+not\s+found\s+in\s+any\s+of\s+the\s+search\s+locations/;

/**
 * Loads a stack folder's cdk.tf.json the way `terraform init` does, without the network: providers
 * come from an empty -plugin-dir, so Terraform parses and statically checks the whole configuration,
 * then stops at "provider … was not found". That error is the pass; any other is a problem. It works
 * in a temporary copy, so no .terraform or lock file lands in the repository or cdktf.out.
 * The verdict is a pure function of the configuration, the Terraform binary and this harness: cached on
 * disk by their hash, like the other tools' verdicts (runTool in tools.ts); MONITORING_TEST_CACHE=off
 * runs Terraform every time. Call it inside `describeWithTool('terraform', …)`.
 */
export function terraformLoads(stackDir: string): TerraformLoad {
  const terraform = findTool('terraform');
  if (!terraform) throw new Error('terraform is not installed; wrap the test in describeWithTool(\'terraform\', …)');
  const area = 'monitoring-terraform-init';
  const key = contentHash(['test/support/terraform.ts'], [toolFingerprint('terraform'), readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')]);
  const stored = peekJson<TerraformLoad>(area, key);
  recordToolVerdict('terraform', stored ? 'cache' : 'ran');
  if (stored) return stored;
  const { load, finished } = measuringToolCpu('terraform', () => terraformInit(terraform, stackDir));
  // A run that did not finish (timeout, signal) says nothing about the configuration: not kept.
  if (finished) storeJson(area, key, load, { keep: 50 });
  return load;
}

function terraformInit(terraform: string, stackDir: string): { load: TerraformLoad; finished: boolean } {
  const work = mkdtempSync(join(tmpdir(), 'terraform-init-'));
  try {
    copyFileSync(join(stackDir, 'cdk.tf.json'), join(work, 'cdk.tf.json'));
    mkdirSync(join(work, 'no-plugins'));
    // An empty CLI configuration: a user's ~/.terraformrc (mirrors, plugin cache) must not change the verdict.
    writeFileSync(join(work, 'terraformrc'), '');
    const result = spawnSync(terraform, ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${join(work, 'no-plugins')}`], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        TF_IN_AUTOMATION: '1',
        TF_DATA_DIR: join(work, '.terraform'),
        TF_CLI_CONFIG_FILE: join(work, 'terraformrc'),
        CHECKPOINT_DISABLE: '1',
      },
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    return { load: { ...verdict(output, result.status), output }, finished: result.status !== null };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Pass only when there is at least one error and every error is a provider-not-found error. */
function verdict(output: string, status: number | null): { ok: boolean; problems: string[] } {
  const errors = diagnostics(output).filter((d) => d.startsWith('Error: '));
  // The preamble "Terraform encountered problems during initialisation" only announces the errors that follow.
  const problems = errors.filter((e) => !PROVIDER_NOT_FOUND.test(e) && !e.startsWith('Error: Terraform encountered problems'));
  if (problems.length === 0 && !errors.some((e) => PROVIDER_NOT_FOUND.test(e))) {
    problems.push(`terraform (exit ${status}) never reached provider installation, so the check proves nothing:\n${output.trim()}`);
  }
  return { ok: problems.length === 0, problems };
}

/** Terraform's diagnostics: blocks that start with "Error: " or "Warning: " at the start of a line. */
function diagnostics(output: string): string[] {
  return output.split(/^(?=(?:Error|Warning): )/m).map((block) => block.trim()).filter((block) => /^(Error|Warning): /.test(block));
}
