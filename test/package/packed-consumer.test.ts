import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The library as another repository uses it: build, `npm pack`, install the tarball in a fresh
 * project, compile a TypeScript consumer against the packed type declarations, and synthesize.
 */
describe('packed package in a consumer project', () => {
  const root = resolve(__dirname, '../..');
  const work = mkdtempSync(join(tmpdir(), 'consumer-'));
  const run = (command: string, args: string[], cwd: string) =>
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', timeout: 300_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });

  test('compiles and synthesizes a stack with one construct', () => {
    // GIVEN the packed library
    run('npm', ['pack', '--pack-destination', work, '--silent'], root);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    // AND a consumer project that installs it (peers from the same pins; npm's cache makes this quick)
    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', join(consumer, 'src')]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball!),
      ...Object.entries(packageJson.peerDependencies as Record<string, string>).map(([name, version]) => `${name}@${version}`)], consumer);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: false, outDir: 'out', types: [] },
      include: ['src'],
    }));
    writeFileSync(join(consumer, 'src', 'main.ts'), [
      "import { App, TerraformStack } from 'cdktf';",
      "import { ClusterProviders, MonitoringNamespace, PodSecurityLevel } from '@platform/monitoring-constructs';",
      "const app = new App({ outdir: 'cdktf.out' });",
      "const stack = new TerraformStack(app, 'consumer');",
      "new ClusterProviders(stack, 'cluster', { path: '~/.kube/config', context: '' });",
      "new MonitoringNamespace(stack, 'ns', { name: 'observability', enforce: PodSecurityLevel.BASELINE });",
      'app.synth();',
      '',
    ].join('\n'));

    // WHEN it is compiled with TypeScript and run
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
    run(process.execPath, [join('out', 'main.js')], consumer);

    // THEN the stack's Terraform JSON has the namespace
    const output = join(consumer, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json');
    expect(existsSync(output)).toBe(true);
    const json = JSON.parse(readFileSync(output, 'utf8'));
    const [namespace] = Object.values(json.resource.kubernetes_namespace) as any[];
    expect(namespace.metadata.name).toBe('observability');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });
});
