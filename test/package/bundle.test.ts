import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/disk-cache';

// The plugin of every bundle this repository builds (scripts/bundle.js): plain JavaScript, as node runs it.
const { isDashboardV2Builder } = require('../../scripts/without-dashboard-v2-builders') as { isDashboardV2Builder: (path: string) => boolean };

const SDK_DIST = join(REPO_ROOT, 'node_modules', '@grafana', 'grafana-foundation-sdk', 'dist');

/** The SDK's files the bundles leave out (by the plugin's own test), with what each exports. */
function leftOutFiles(): Array<{ file: string; names: string[] }> {
  return readdirSync(SDK_DIST, { recursive: true, encoding: 'utf8' })
    .map((path) => join(SDK_DIST, path))
    .filter((file) => file.endsWith('.js') && isDashboardV2Builder(file))
    .sort()
    .map((file) => ({ file, names: Object.keys(require(file) as object) }));
}

/** The names lib/ imports from the SDK, and any import of it that is not by name. */
function libraryImportsOfTheSdk(): { names: Set<string>; notByName: string[] } {
  const names = new Set<string>();
  const notByName: string[] = [];
  for (const path of readdirSync(join(REPO_ROOT, 'lib'), { recursive: true, encoding: 'utf8' })) {
    if (!path.endsWith('.ts') || path.endsWith('.d.ts')) continue;
    const text = readFileSync(join(REPO_ROOT, 'lib', path), 'utf8');
    for (const match of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@grafana\/grafana-foundation-sdk\/[^']+'/g)) {
      for (const specifier of match[2].split(',')) {
        const imported = specifier.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
        if (imported) names.add(imported);
      }
    }
    const all = [...text.matchAll(/['"]@grafana\/grafana-foundation-sdk[^'"]*['"]/g)].length;
    const named = [...text.matchAll(/\}\s+from\s+'@grafana\/grafana-foundation-sdk\/[^']+'/g)].length;
    if (all !== named) notByName.push(path);
  }
  return { names, notByName };
}

describe('bundles leave out the Grafana SDK builders for the v2 dashboard schema (scripts/without-dashboard-v2-builders.js)', () => {
  test('what is left out is the v2 builders of the panel and query packages', () => {
    const files = leftOutFiles();
    // the panel and query packages the library uses each have them
    const panels = ['timeseries', 'stat', 'logs', 'piechart', 'bargauge'].flatMap((pkg) => [`${pkg}/visualizationBuilder.gen.js`, `${pkg}/visualizationV2Builder.gen.js`]);
    const queries = ['prometheus', 'loki'].flatMap((pkg) => [`${pkg}/queryBuilder.gen.js`, `${pkg}/queryV2Builder.gen.js`]);
    expect(files.map(({ file }) => file.slice(SDK_DIST.length + 1))).toEqual(expect.arrayContaining([...panels, ...queries]));
    // a builder of the same file name that needs no v2 schema stays
    expect(readdirSync(join(SDK_DIST, 'alerting'))).toContain('queryBuilder.gen.js');
    expect(isDashboardV2Builder(join(SDK_DIST, 'alerting', 'queryBuilder.gen.js'))).toBe(false);
    expect(new Set(files.flatMap(({ names }) => names))).toEqual(new Set(['VisualizationBuilder', 'VisualizationV2Builder', 'QueryBuilder', 'QueryV2Builder']));
  });

  test('the library imports none of them, and imports the SDK only by name', () => {
    const leftOut = new Set(leftOutFiles().flatMap(({ names }) => names));
    const { names, notByName } = libraryImportsOfTheSdk();
    expect([...names]).toEqual(expect.arrayContaining(['DashboardBuilder', 'PanelBuilder', 'DataqueryBuilder']));
    expect([...names].filter((name) => leftOut.has(name))).toEqual([]);
    expect(notByName).toEqual([]);
  });

  describe('the library bundled as scripts/build-library.sh bundles it', () => {
    let dir: string;
    let text: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'library-bundle-'));
      execFileSync(process.execPath, ['scripts/bundle.js', 'lib/index.ts', join(dir, 'index.js'), '--external=cdktf', '--external=constructs', '--external=@cdktf/*'], { cwd: REPO_ROOT, stdio: 'pipe' });
      text = readFileSync(join(dir, 'index.js'), 'utf8');
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // esbuild marks each bundled file with a comment of its path
    const bundledFrom = (path: string): boolean => text.includes(`// node_modules/@grafana/grafana-foundation-sdk/dist/${path}`);

    test('holds the v1 dashboard and panel builders the library uses', () => {
      expect(bundledFrom('dashboard/dashboardBuilder.gen.js')).toBe(true);
      expect(bundledFrom('timeseries/panelBuilder.gen.js')).toBe(true);
      expect(bundledFrom('prometheus/dataqueryBuilder.gen.js')).toBe(true);
    });

    test('and none of the v2 dashboard schemas', () => {
      expect(bundledFrom('dashboardv2/')).toBe(false);
      expect(bundledFrom('dashboardv2beta1/')).toBe(false);
      // the left-out files are empty modules
      expect(text).not.toMatch(/var (Visualization|Query)(V2)?Builder = class/);
      expect(text).toMatch(/var PanelBuilder = class/);
    });
  });

  test('scripts/bundle.js refuses an option it does not know, with its usage', () => {
    const run = spawnSync(process.execPath, ['scripts/bundle.js', 'main.ts', join(tmpdir(), 'never.js'), '--minify'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown option --minify; usage: node scripts/bundle.js <entry> <outfile> [--external=<package>]...');
  });
});

describe('scripts/bundle.js --reuse (scripts/app.sh): the bundle is kept while nothing it was built from changed', () => {
  let dir: string;
  const BUNDLE = join('out', 'bundle.js');
  const bundle = (...options: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle.js'), 'entry.js', BUNDLE, ...options], { cwd: dir, encoding: 'utf8' });
  // an input written a minute ago: the tool stamps no build whose inputs were modified from shortly before it began
  const aMinuteAgo = () => new Date(Date.now() - 60_000);
  const write = (path: string, text: string, modified = aMinuteAgo()) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    utimesSync(join(dir, path), modified, modified);
  };
  const bundled = () => readFileSync(join(dir, BUNDLE), 'utf8');
  // a bundle the tool did not write: still there after a run means the run kept the bundle
  const MARK = '// kept\n';
  const mark = () => writeFileSync(join(dir, BUNDLE), MARK);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-reuse-'));
    write('entry.js', "console.log(require('./lib/thing'));\n");
    write('lib/thing/index.js', "module.exports = 'from the folder';\n");
    write('tsconfig.json', '{}\n');
    expect(bundle('--reuse').status).toBe(0);
    expect(bundled()).toContain('from the folder');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN nothing changed THEN the bundle is kept', () => {
    mark();
    expect(bundle('--reuse').status).toBe(0);
    expect(bundled()).toBe(MARK);
  });

  test.each<[string, () => void, string[], string]>([
    ['an input changed', () => write('lib/thing/index.js', "module.exports = 'changed';\n"), ['--reuse'], 'changed'],
    // esbuild reads it without listing it as an input
    ['tsconfig.json edited', () => write('tsconfig.json', '{ "compilerOptions": { "useDefineForClassFields": false } }\n'), ['--reuse'], 'from the folder'],
    ['other arguments', () => undefined, ['--reuse', '--external=left-out'], 'from the folder'],
    ['no --reuse', () => undefined, [], 'from the folder'],
  ])('GIVEN %s THEN it is built again', (_given, change, options, expected) => {
    mark();
    change();
    expect(bundle(...options).status).toBe(0);
    expect(bundled()).toContain(expected);
  });

  test('GIVEN a new file beside an input that changes what an import resolves to THEN it is built again', () => {
    mark();
    write('lib/thing.js', "module.exports = 'from the file';\n");
    expect(bundle('--reuse').status).toBe(0);
    expect(spawnSync(process.execPath, [BUNDLE], { cwd: dir, encoding: 'utf8' }).stdout).toBe('from the file\n');
  });

  test('GIVEN an input modified while the bundle was being built THEN no stamp is kept, and the next run builds again', () => {
    write('lib/thing/index.js', "module.exports = 'just saved';\n", new Date());
    expect(bundle('--reuse').status).toBe(0);
    expect(existsSync(join(dir, `${BUNDLE}.inputs.json`))).toBe(false);
    mark();
    expect(bundle('--reuse').status).toBe(0);
    expect(bundled()).toContain('just saved');
  });

  test('GIVEN a build that fails THEN the old bundle is not taken as current afterwards', () => {
    write('entry.js', 'this is not JavaScript\n');
    expect(bundle('--reuse').status).toBe(1);
    write('entry.js', "console.log(require('./lib/thing'));\n");
    mark();
    expect(bundle('--reuse').status).toBe(0);
    expect(bundled()).toContain('from the folder');
  });
});
