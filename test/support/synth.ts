import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { parse } from 'yaml';
import { MonitoringApp, MonitoringStack, resolveEnvironments } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { cachedDirectory, contentHash } from './disk-cache';

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
  // Loaded here, not on import: stacks/ builds the seed SLOs when loaded (~25 ms a test file), and most
  // files that import this harness only read the cached output.
  const { environments } = require('../../stacks') as typeof import('../../stacks');
  const app = new MonitoringApp({ outdir, stackTraces: false });
  const stacks = resolveEnvironments(environments).map((environment) => new MonitoringStack(app, environment));
  return { app, stacks };
}

/** A helm_release of a synthesized example stack, as Terraform would hand it to helm. */
export interface SynthesizedRelease {
  readonly stack: string;
  /** Terraform logical id of the helm_release. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** `chart` as written: a chart name, or a path under the stack's folder for the bundled chart. */
  readonly chart: string;
  /** The folder of the stack's cdk.tf.json, which a relative `chart` path starts from. */
  readonly stackDir: string;
  /** Chart version (absent for the bundled chart). */
  readonly version?: string;
  /** Each `values` entry as helm receives it: Terraform's escaping undone. */
  readonly values: string[];
  /** `set`, `set_list` and `set_sensitive` entries as written (escaping undone); Helm applies them over `values`. */
  readonly sets: readonly ReleaseSet[];
}

/** One `set` / `set_list` / `set_sensitive` block of a helm_release. */
export interface ReleaseSet {
  readonly block: 'set' | 'set_list' | 'set_sensitive';
  readonly name: string;
  readonly value: string | readonly string[];
  /** The provider's `type` (`auto`, `string`, `literal`); absent means `auto`. */
  readonly type?: string;
}

/** A synthesized example stack: the construct, its folder under the outdir, its Terraform JSON. */
export interface SynthesizedStack {
  /** The construct (built on first use, not synthesized again). */
  readonly stack: MonitoringStack;
  /** The stack's id (`stack.node.id`), without building the construct. */
  readonly id: string;
  readonly dir: string;
  readonly json: Record<string, any>;
}

let synthesized: SynthesizedStack[] | undefined;
let built: MonitoringStack[] | undefined;

/**
 * What the example app's synthesized output depends on: the library, the environments, the bundled
 * chart, the dependencies' versions, and this harness.
 */
export const EXAMPLE_APP_SOURCES: readonly string[] = ['lib', 'stacks', 'charts/manifests', 'package-lock.json', 'tsconfig.json', 'test/support/synth.ts', 'test/support/disk-cache.ts'];

/**
 * Synthesizes the example app (stacks/) ONCE for all test files: the output folder is cached on disk
 * (node_modules/.cache/monitoring-synth/), keyed by a hash of {@link EXAMPLE_APP_SOURCES}, so only the
 * first test file after a change synthesizes; the others read the Terraform JSON. `stack` is the
 * construct, built (not synthesized) on first use. The result is shared: clone before editing it, and
 * never write into `dir`.
 */
export function synthesizedExampleStacks(): SynthesizedStack[] {
  if (synthesized) return synthesized;
  const outdir = cachedDirectory('monitoring-synth', contentHash(EXAMPLE_APP_SOURCES, [process.version]), (dir) => {
    const { app, stacks } = buildExampleApp(dir);
    app.synth();
    writeFileSync(join(dir, 'stack-ids.json'), JSON.stringify(stacks.map((stack) => stack.node.id)));
  });
  const ids = JSON.parse(readFileSync(join(outdir, 'stack-ids.json'), 'utf8')) as string[];
  synthesized = ids.map((id) => {
    const dir = join(outdir, 'stacks', id);
    const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
    return {
      get stack(): MonitoringStack {
        built ??= buildExampleApp().stacks;
        const stack = built.find((candidate) => candidate.node.id === id);
        if (!stack) throw new Error(`the example app has no stack ${id}`);
        return stack;
      },
      id,
      dir,
      json,
    };
  });
  return synthesized;
}

/** Every helm_release of the synthesized example app (stacks/). */
export function synthesizedExampleReleases(): SynthesizedRelease[] {
  return synthesizedExampleStacks().flatMap(({ id: stackId, dir: stackDir, json }) => {
    return Object.entries(json.resource.helm_release as Record<string, any>).map(([id, release]) => ({
      stack: stackId,
      id,
      name: release.name,
      namespace: release.namespace,
      chart: release.chart,
      stackDir,
      ...(release.version ? { version: release.version } : {}),
      values: (release.values ?? []).map(unescapeTerraformTemplate),
      sets: (['set', 'set_list', 'set_sensitive'] as const).flatMap((block) =>
        ((release[block] ?? []) as Array<Record<string, any>>).map((entry) => ({
          block,
          name: unescapeTerraformTemplate(entry.name),
          value: Array.isArray(entry.value) ? entry.value.map(unescapeTerraformTemplate) : unescapeTerraformTemplate(String(entry.value)),
          ...(entry.type ? { type: entry.type } : {}),
        })),
      ),
    }));
  });
}

/**
 * The values of a component's Helm release as the synthesized Terraform JSON carries them, read back
 * as Helm reads them (Terraform's escaping undone, YAML parsed): what the tests assert on, instead of
 * the construct's own rendering.
 */
export function releaseValues(component: { readonly release: Release }): Record<string, any> {
  const stack = TerraformStack.of(component.release);
  const json = synthJson(stack);
  const release = json.resource.helm_release[stack.getLogicalId(component.release)];
  if (!release) throw new Error(`no helm_release for ${component.release.node.path} in the synthesized stack`);
  return parse(unescapeTerraformTemplate(release.values[0])) ?? {};
}
