import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { MonitoringApp, MonitoringStack, resolveEnvironments } from '../../lib';
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
