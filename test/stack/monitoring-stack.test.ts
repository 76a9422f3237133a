import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { MonitoringStack } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { parse } from 'yaml';
import { buildExampleApp, synthJson } from '../support/synth';
import { compareText } from '../../lib/core/compare-text';

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
    if (entry.isDirectory()) Object.assign(out, readTree(join(dir, entry.name), `${prefix}${entry.name}/`));
    else out[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return out;
}

describe('MonitoringStack per environment', () => {
  const { stacks } = buildExampleApp();

  test('one stack per environment, named monitoring-<env>', () => {
    expect(stacks.map((s) => s.node.id)).toEqual(['monitoring-dev', 'monitoring-staging', 'monitoring-prod']);
  });

  describe.each(stacks.map((stack) => [stack.node.id, stack] as const))('%s', (_, stack) => {
    const json = synthJson(stack);

    test('providers read the kubeconfig path and context from stack variables with defaults', () => {
      expect(json.variable.kubeconfig_path).toMatchObject({ type: 'string', default: '~/.kube/config' });
      expect(json.variable.kubeconfig_context).toMatchObject({ type: 'string', default: '' });
      expect(json.provider.kubernetes[0]).toEqual({ config_path: '${var.kubeconfig_path}', config_context: '${var.kubeconfig_context}' });
      expect(json.provider.helm[0].kubernetes).toEqual({ config_path: '${var.kubeconfig_path}', config_context: '${var.kubeconfig_context}' });
    });

    test('the monitoring namespace carries the environment label', () => {
      const namespaces = Object.values(json.resource.kubernetes_namespace) as any[];
      expect(namespaces).toHaveLength(1);
      expect(namespaces[0].metadata.name).toBe('monitoring');
      expect(namespaces[0].metadata.labels.environment).toBe((stack as MonitoringStack).environment.name);
    });

    test('every resource that installs into the namespace waits for it, by a static reference Terraform accepts', () => {
      const [namespaceId] = Object.keys(json.resource.kubernetes_namespace);
      for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
        if (type === 'kubernetes_namespace') continue;
        for (const [id, resource] of Object.entries<any>(resources)) {
          expect([type, id, resource.depends_on]).toEqual([type, id, expect.arrayContaining([`kubernetes_namespace.${namespaceId}`])]);
          for (const entry of resource.depends_on) expect([id, entry]).toEqual([id, expect.stringMatching(/^[a-z_0-9]+\.[A-Za-z0-9_-]+$/)]);
        }
      }
    });

    test('matches its snapshot', () => {
      expect(json).toMatchSnapshot();
    });
  });

  test('prod keeps state in S3 with locking; dev and staging keep it locally', () => {
    const [dev, staging, prod] = stacks.map(synthJson);
    expect(prod.terraform.backend.s3).toEqual({
      bucket: 'example-terraform-state', region: 'eu-west-1', key: 'monitoring/prod/terraform.tfstate', dynamodb_table: 'terraform-locks', encrypt: true,
    });
    expect(dev.terraform.backend).toBeUndefined();
    expect(staging.terraform.backend).toBeUndefined();
  });

  test('Loki on object storage gets the environment\'s volume size for its ingesters', () => {
    const prod = stacks.find((s) => s.node.id === 'monitoring-prod')!;
    expect(prod.environment.logStorage).toBeDefined();
    const loki = Object.values<any>(synthJson(prod).resource.helm_release).find((r) => r.chart === 'loki');
    const values = parse(unescapeTerraformTemplate(loki.values[0]));
    expect(values.deploymentMode).toBe('Distributed');
    expect(values.ingester.persistence.claims[0].size).toBe(`${prod.environment.sizing.loki.storageGiB}Gi`);
  });

  test('a GCS backend is configured from the environment', () => {
    const stack = new MonitoringStack(Testing.app(), { name: 'qa', clusterName: 'qa-1', region: 'europe-west1', backend: { type: 'gcs', bucket: 'qa-state' } });
    expect(synthJson(stack).terraform.backend.gcs).toEqual({ bucket: 'qa-state', prefix: 'monitoring/qa' });
  });

  test('a bad environment fails at synth with its name, value and fix', () => {
    expect(() => new MonitoringStack(Testing.app(), { name: 'qa', clusterName: 'qa-1', region: 'x', traceSampling: 2 })).toThrow(
      'environment "qa": traceSampling 2 is outside [0, 1]',
    );
  });
});

describe('synthesizing the example app', () => {
  test('writes the three stacks and their summaries, byte-identical on a second synth', () => {
    const first = buildExampleApp();
    first.app.synth();
    const firstTree = readTree(first.app.outdir);
    const second = buildExampleApp();
    second.app.synth();
    const secondTree = readTree(second.app.outdir);

    for (const name of ['monitoring-dev', 'monitoring-staging', 'monitoring-prod']) {
      expect(firstTree[`stacks/${name}/cdk.tf.json`]).toBeDefined();
      expect(firstTree[`review/${name}/summary.md`]).toContain(`# Review: ${name}`);
    }
    expect(firstTree['review/monitoring-prod/summary.md']).toContain('retention: metrics 30d, logs 30d, traces 7d');
    expect(firstTree['review/monitoring-dev/summary.md']).toContain('trace sampling: 100 %');
    expect(Object.keys(secondTree)).toEqual(Object.keys(firstTree));
    for (const [file, content] of Object.entries(firstTree)) expect([file, secondTree[file]]).toEqual([file, content]);
  });
});
