import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { synthesizedExampleStacks } from '../support/synth';

/**
 * `npm run synth` and the cdktf CLI (cdktf.json "app") run main.ts bundled by esbuild (scripts/app.sh),
 * not through tsx: the bundle must write exactly what the TypeScript sources write (the example app as
 * the test harness synthesizes it from lib/ and stacks/), or a reviewer would read one thing and
 * Terraform apply another.
 */
describe('the bundled app (scripts/app.sh)', () => {
  const root = resolve(__dirname, '../..');
  let fromSources: string;
  let fromBundle: string;

  beforeAll(() => {
    // the harness's synth of the example app (cached by a hash of lib/ and stacks/): <outdir>/stacks/<id>
    fromSources = dirname(dirname(synthesizedExampleStacks()[0].dir));
    fromBundle = mkdtempSync(join(tmpdir(), 'app-bundle-'));
    execFileSync('bash', ['scripts/app.sh'], { cwd: root, stdio: 'pipe', env: { ...process.env, CDKTF_OUTDIR: fromBundle } });
  }, 60_000);
  afterAll(() => rmSync(fromBundle, { recursive: true, force: true }));

  // what an app writes (the harness adds its own stack-ids.json beside it)
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((path) => path !== 'stack-ids.json' && statSync(join(dir, path)).isFile())
      .sort();

  test('writes the same files as the TypeScript sources', () => {
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
