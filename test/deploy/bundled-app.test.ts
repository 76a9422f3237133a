import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm run synth` and the cdktf CLI (cdktf.json "app") run main.ts bundled by esbuild (scripts/app.sh),
 * not through tsx: the bundle must write exactly what the TypeScript sources write, or a reviewer would
 * read one thing and Terraform apply another.
 */
describe('the bundled app (scripts/app.sh)', () => {
  const root = resolve(__dirname, '../..');
  let fromSources: string;
  let fromBundle: string;

  beforeAll(() => {
    fromSources = mkdtempSync(join(tmpdir(), 'app-tsx-'));
    fromBundle = mkdtempSync(join(tmpdir(), 'app-bundle-'));
    const run = (command: string, args: string[], outdir: string) =>
      execFileSync(command, args, { cwd: root, stdio: 'pipe', env: { ...process.env, CDKTF_OUTDIR: outdir } });
    run(process.execPath, ['--require', 'tsx/cjs', 'main.ts'], fromSources);
    run('bash', ['scripts/app.sh'], fromBundle);
  }, 60_000);
  afterAll(() => {
    rmSync(fromSources, { recursive: true, force: true });
    rmSync(fromBundle, { recursive: true, force: true });
  });

  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((path) => statSync(join(dir, path)).isFile())
      .sort();

  test('writes the same files as main.ts run from the TypeScript sources', () => {
    const files = filesUnder(fromSources);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', join('stacks', 'monitoring-prod', 'cdk.tf.json'), join('review', 'monitoring-prod', 'summary.md')]));
    expect(filesUnder(fromBundle)).toEqual(files);
  });

  test('byte for byte', () => {
    const differing = filesUnder(fromSources).filter(
      (path) => !readFileSync(join(fromSources, path)).equals(readFileSync(join(fromBundle, path))),
    );
    expect(differing).toEqual([]);
  });
});
