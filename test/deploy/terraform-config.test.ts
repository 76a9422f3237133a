import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveEnvironments } from '../../lib';
import { environments } from '../../stacks';
import { synthesizedExampleStacks } from '../support/synth';
import { TerraformLoad, terraformLoads } from '../support/terraform';
import { describeWithTool, writeTempFiles } from '../support/tools';

/**
 * Terraform itself reads every synthesized stack (issue 14): `terraform init` loads and statically
 * checks the configuration before it needs providers, so what Terraform refuses fails here, not at deploy.
 */
describeWithTool('terraform', 'synthesized stacks load in Terraform', () => {
  const root = resolve(__dirname, '../..');
  const stackNames = resolveEnvironments(environments).map((environment) => environment.stackName);
  // The harness's one synth of the example app for every environment (cached on disk; read-only).
  const stackDir = (stack: string): string => {
    const found = synthesizedExampleStacks().find((candidate) => candidate.id === stack);
    if (!found) throw new Error(`the example app has no stack ${stack}`);
    return found.dir;
  };

  const expectLoads = (load: TerraformLoad) => {
    expect(load.problems).toEqual([]);
    expect(load.ok).toBe(true);
  };

  test.each(stackNames)('example environment %s loads', (stack) => {
    // GIVEN the example app synthesized  WHEN Terraform loads the stack
    const load = terraformLoads(stackDir(stack));
    // THEN it gets as far as installing providers, with nothing else refused
    expectLoads(load);
  });

  test('the scale app loads', () => {
    // GIVEN the bench's generated app with 3 services, run as `cdktf synth` runs it
    const scaleOut = mkdtempSync(join(tmpdir(), 'scale-app-'));
    try {
      execFileSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts', 'bench', 'scale-app.ts'), scaleOut, '3'], {
        cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      });
      // WHEN Terraform loads it  THEN nothing is refused
      expectLoads(terraformLoads(join(scaleOut, 'stacks', 'monitoring-scale')));
    } finally {
      rmSync(scaleOut, { recursive: true, force: true });
    }
  });

  describe('the check can fail', () => {
    /** The dev stack's JSON with every depends_on entry a plain reference (what issue 14's fix renders). */
    const devJson = (): Record<string, any> => {
      const json = JSON.parse(readFileSync(join(stackDir('monitoring-dev'), 'cdk.tf.json'), 'utf8'));
      for (const resources of Object.values(json.resource as Record<string, Record<string, any>>)) {
        for (const resource of Object.values(resources)) {
          if (resource.depends_on) resource.depends_on = resource.depends_on.map((e: string) => e.replace(/^\$\{(.*)\}$/, '$1'));
        }
      }
      return json;
    };
    const load = (json: Record<string, any>) => {
      const dir = writeTempFiles({ 'cdk.tf.json': JSON.stringify(json, null, 2) });
      try {
        return terraformLoads(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    test('a depends_on entry written as an interpolation is an Invalid expression', () => {
      // GIVEN the dev stack with one release's depends_on as "${kubernetes_namespace.<id>}"
      const json = devJson();
      const [namespaceId] = Object.keys(json.resource.kubernetes_namespace);
      const [releaseId, release] = Object.entries(json.resource.helm_release as Record<string, any>)[0];
      release.depends_on = [`\${kubernetes_namespace.${namespaceId}}`];

      // WHEN Terraform loads it
      const result = load(json);

      // THEN exactly that entry is refused
      expect(result.ok).toBe(false);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatch(/^Error: Invalid expression/);
      expect(result.problems[0]).toContain(`in resource.helm_release.${releaseId}.depends_on`);
      expect(result.problems[0]).toContain('A single static variable reference is required');
    });

    test('a provider pin that is not a version constraint is refused', () => {
      // GIVEN the dev stack with a malformed helm provider version (a reference to an undeclared
      // resource would not do: init does not resolve references, only `terraform validate` does)
      const json = devJson();
      json.terraform.required_providers.helm.version = '~> three';

      // WHEN Terraform loads it  THEN the constraint is refused
      const result = load(json);
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/Error: Invalid version constraint[\s\S]*terraform\.required_providers\.helm/);
    });
  });
});
