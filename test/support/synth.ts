import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { MonitoringApp, MonitoringStack, resolveEnvironments, unescapeTerraformTemplate } from '../../lib';
import { environments } from '../../stacks';

/** Terraform JSON of a stack, parsed. */
export function synthJson(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of a Terraform type in a synthesized stack, by logical id. */
export function resourcesOfType(json: Record<string, any>, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** Builds the example app (stacks/) into a temporary outdir, without synthesizing. */
export function buildExampleApp(outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'))): { app: MonitoringApp; stacks: MonitoringStack[] } {
  const app = new MonitoringApp({ outdir, stackTraces: false });
  const stacks = resolveEnvironments(environments).map((environment) => new MonitoringStack(app, environment));
  return { app, stacks };
}

/** A helm_release of a synthesized example stack, as Terraform would hand it to helm. */
export interface SynthesizedRelease {
  readonly stack: string;
  readonly name: string;
  readonly namespace: string;
  /** `chart` as written: a chart name, or a path under the stack's folder for the bundled chart. */
  readonly chart: string;
  /** The folder of the stack's cdk.tf.json, which a relative `chart` path starts from. */
  readonly stackDir: string;
  /** Each `values` entry as helm receives it: Terraform's escaping undone. */
  readonly values: string[];
}

/** Synthesizes the example app (stacks/) into a temporary outdir and returns every helm_release. */
export function synthesizedExampleReleases(): SynthesizedRelease[] {
  const { app, stacks } = buildExampleApp();
  app.synth();
  return stacks.flatMap((stack) => {
    const stackDir = join(app.outdir, 'stacks', stack.node.id);
    const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    return Object.values(json.resource.helm_release as Record<string, any>).map((release) => ({
      stack: stack.node.id,
      name: release.name,
      namespace: release.namespace,
      chart: release.chart,
      stackDir,
      values: (release.values ?? []).map(unescapeTerraformTemplate),
    }));
  });
}
