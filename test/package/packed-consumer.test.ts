import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, cachedDirectory, contentHash } from '../support/disk-cache';
import { installConsumerProject, packedLibraryKey, runChecked } from '../support/packed-library';
import { terraformLoads } from '../support/terraform';
import { describeWithTool } from '../support/tools';

/**
 * The library as another repository uses it: build, `npm pack` (test/support/packed-library.ts), install
 * the tarball in a fresh project, compile a TypeScript consumer against the packed type declarations,
 * and synthesize. One pack and install for every test (beforeAll): they are the slow part. Their result
 * (the synthesized stacks) is cached on disk by a hash of the tarball's sources, this file and node's
 * version (see test/support/disk-cache.ts), so it is redone after any change to them and reused
 * otherwise; MONITORING_TEST_CACHE=off redoes it every run.
 */
describe('packed package in a consumer project', () => {
  let out = '';
  const stackDir = (stack: string) => join(out, 'stacks', stack);
  const stackJson = (stack: string) => JSON.parse(readFileSync(join(stackDir(stack), 'cdk.tf.json'), 'utf8'));

  beforeAll(() => {
    out = cachedDirectory('monitoring-packed-consumer', contentHash(['test/package/packed-consumer.test.ts'], [packedLibraryKey(), process.version]), (dir) => {
      const work = mkdtempSync(join(tmpdir(), 'consumer-'));
      try {
        packAndSynthesize(work);
        cpSync(join(work, 'consumer', 'cdktf.out', 'stacks'), join(dir, 'stacks'), { recursive: true });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }, 900_000);

  function packAndSynthesize(work: string): void {
    const consumer = join(work, 'consumer');
    // GIVEN a consumer project that installed the packed library with its peers, at the same pins
    installConsumerProject(consumer, 'consumer');
    mkdirSync(join(consumer, 'src'));
    // node16 module resolution (TypeScript's setting for Node): the dashboard panel helpers return builders of
    // @grafana/grafana-foundation-sdk, whose modules resolve only through package.json "exports".
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, esModuleInterop: true, skipLibCheck: false, outDir: 'out', types: [] },
      include: ['src'],
    }));
    // Three stacks: one construct; a whole environment; and one composed by hand, without MonitoringStack.
    writeFileSync(join(consumer, 'src', 'main.ts'), [
      "import { App, TerraformStack } from 'cdktf';",
      'import {',
      '  ClusterProviders, Grafana, MonitoringNamespace, MonitoringStack, PodSecurityLevel, Prometheus,',
      '  ServiceHealthRules, serviceOverviewDashboard,',
      "} from '@platform/monitoring-constructs';",
      "const app = new App({ outdir: 'cdktf.out' });",
      "const stack = new TerraformStack(app, 'consumer');",
      "new ClusterProviders(stack, 'cluster', { path: '~/.kube/config', context: '' });",
      "new MonitoringNamespace(stack, 'ns', { name: 'observability', enforce: PodSecurityLevel.BASELINE });",
      '',
      "new MonitoringStack(app, { name: 'small', clusterName: 'small-1', region: 'eu-west-1' });",
      '',
      "const composed = new TerraformStack(app, 'composed');",
      "new ClusterProviders(composed, 'cluster', { path: '~/.kube/config', context: '' });",
      "const namespace = new MonitoringNamespace(composed, 'ns', { name: 'observability' });",
      "const prometheus = new Prometheus(composed, 'prometheus', { namespace });",
      "prometheus.addRules(ServiceHealthRules.forServices({ name: 'health', team: 'platform', selector: { service: 'shop' }, runbookBaseUrl: 'https://runbooks.example.com' }));",
      "const grafana = new Grafana(composed, 'grafana', { namespace, adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus] });",
      "grafana.addDashboard(serviceOverviewDashboard({ service: 'shop', namespace: 'shop' }), { folder: 'Services' });",
      'app.synth();',
      '',
    ].join('\n'));

    // WHEN it is compiled with TypeScript and run
    runChecked(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
    runChecked(process.execPath, [join('out', 'main.js')], consumer);
  }

  test('compiles and synthesizes a stack with one construct', () => {
    // THEN the stack's Terraform JSON has the namespace
    expect(existsSync(join(stackDir('consumer'), 'cdk.tf.json'))).toBe(true);
    const [namespace] = Object.values(stackJson('consumer').resource.kubernetes_namespace) as any[];
    expect(namespace.metadata.name).toBe('observability');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('in a stack composed by hand, everything installed into the MonitoringNamespace waits for it', () => {
    // GIVEN the hand-composed stack, whose components were given the MonitoringNamespace object
    const json = stackJson('composed');
    const [namespaceId] = Object.keys(json.resource.kubernetes_namespace);

    // WHEN we list the releases and Kubernetes objects that go into the namespace
    const inNamespace = Object.entries(json.resource as Record<string, Record<string, any>>)
      .filter(([type]) => type === 'helm_release' || (type.startsWith('kubernetes_') && type !== 'kubernetes_namespace'))
      .flatMap(([type, resources]) => Object.entries(resources).map(([id, resource]) => ({ address: `${type}.${id}`, resource })))
      .filter(({ resource }) => (resource.namespace ?? [resource.metadata].flat()[0]?.namespace) === 'observability');

    // THEN there are releases and the dashboard's ConfigMap, and each depends on the namespace by plain reference
    expect(inNamespace.filter(({ address }) => address.startsWith('helm_release.')).length).toBeGreaterThanOrEqual(2);
    expect(inNamespace.some(({ address }) => address.startsWith('kubernetes_config_map.'))).toBe(true);
    for (const { address, resource } of inNamespace) {
      expect({ address, depends_on: resource.depends_on }).toEqual({ address, depends_on: expect.arrayContaining([`kubernetes_namespace.${namespaceId}`]) });
      expect({ address, depends_on: (resource.depends_on as string[]).filter((entry) => entry.includes('${')) }).toEqual({ address, depends_on: [] });
    }
  });

  describeWithTool('terraform', 'the synthesized stacks', () => {
    test.each(['monitoring-small', 'composed'])('%s loads in Terraform', (stack) => {
      // WHEN Terraform loads the stack  THEN it gets as far as installing providers, with nothing else refused
      const load = terraformLoads(stackDir(stack));
      expect(load.problems).toEqual([]);
      expect(load.ok).toBe(true);
    });
  });
});
