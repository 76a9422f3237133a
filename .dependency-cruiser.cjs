/**
 * The import rules of lib/ (issue 15). Imports run one way:
 *
 *   lib/stack → components (and lib/environment) → {lib/contracts, the model (lib/rules, lib/dashboards), lib/core}
 *
 * nothing imports lib/environment/ or lib/stack/ (except lib/stack itself, the barrel lib/index.ts and
 * the app in main.ts and stacks/), and lib/ has no import loops.
 *
 * Checked by test/architecture/import-graph.test.ts; `npx depcruise lib` prints the same violations.
 *
 * Decisions:
 * - Type-only imports count (`tsPreCompilationDeps: true`): `import type` vanishes from the emitted
 *   JavaScript, but an upward import or a loop made of types is the same design coupling.
 * - lib/environment may import the components (it builds DEFAULT_SIZING from their X_DEFAULTS and its
 *   config names their option types); the components, the model, core, contracts, security and review
 *   may not import lib/environment.
 * - lib/stack may import everything in lib/; nothing in lib/ but lib/stack and lib/index.ts imports it.
 * - A component's construct class is imported only by its own folder, lib/stack, lib/environment and the
 *   barrels: another component or a cross-cutting part (security, review) describes what it needs as a
 *   type of its own or goes through lib/contracts.
 */

/** Construct modules: `lib/<folder>/<folder>.ts` by convention, plus those named otherwise. */
const CONSTRUCT_MODULES = [
  '^lib/([^/]+)/\\1[.]ts$',
  '^lib/datadog/datadog-(agent|slos)[.]ts$',
  '^lib/namespace/monitoring-namespace[.]ts$',
];

/** A rule: only modules under `importers` and the barrel lib/index.ts import `target`. */
function importedOnlyBy(name, comment, target, importers) {
  return { name, comment, severity: 'error', from: { path: '^lib/', pathNot: [importers, '^lib/index[.]ts$'] }, to: { path: target } };
}

/** A layer rule: modules under `layer` import nothing of lib/ outside `allowed`. */
function importsOnly(name, comment, layer, allowed) {
  return { name, comment, severity: 'error', from: { path: layer }, to: { path: '^lib/', pathNot: allowed } };
}

module.exports = {
  forbidden: [
    importedOnlyBy(
      'no-import-of-environment',
      'Only lib/environment itself, lib/stack and the barrel lib/index.ts import lib/environment/: a component ' +
        'owns its defaults (X_DEFAULTS in its folder) and the environment builds its defaults from them.',
      '^lib/environment/',
      '^lib/(environment|stack)/',
    ),
    importedOnlyBy(
      'no-import-of-stack',
      'Only lib/stack itself and the barrel lib/index.ts import lib/stack/: it is the top of the library.',
      '^lib/stack/',
      '^lib/stack/',
    ),
    {
      name: 'no-circular',
      comment: 'No import loops in lib/ (type-only imports count: a loop of types is still a design loop).',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'lib-not-to-app-scripts-or-tests',
      comment: 'The library never imports the app (main.ts, stacks/), the scripts or the tests.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(test|scripts|stacks)/|^main[.]ts$' },
    },
    importsOnly('core-imports-only-core', 'lib/core is the bottom layer: it imports nothing else of lib/.', '^lib/core/', '^lib/core/'),
    importsOnly(
      'model-not-to-components',
      'The model (lib/rules, lib/dashboards) is pure: it imports only the model, lib/contracts and lib/core, ' +
        'never a component (e.g. the LogQL validator lives in lib/core, not in lib/loki).',
      '^lib/(rules|dashboards)/',
      '^lib/(rules|dashboards|contracts|core)/',
    ),
    {
      name: 'no-import-of-another-components-construct',
      comment:
        "A component's construct class is imported only by its own folder, lib/stack, lib/environment and the barrels; " +
        'other modules take a type of their own or a lib/contracts interface.',
      severity: 'error',
      from: {
        path: '^lib/([^/]+)/',
        pathNot: ['^lib/(stack|environment)/', '^lib/index[.]ts$'],
      },
      to: { path: CONSTRUCT_MODULES, pathNot: '^lib/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|cdktf[.]out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
