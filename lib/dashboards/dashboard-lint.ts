import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { isValidPromQL } from '../rules/promql';
import { promqlShape } from '../rules/promql-shape';
import { DashboardJson, allPanels } from './dashboard';
import { substituteGrafanaMacros } from './grafana-macros';
import { isValidLogQL } from '../core/logql';

/** The lint rules, named as grafana/dashboard-linter names them. */
export const LintRule = {
  /** The dashboard has a datasource template variable (so it works against any Prometheus/Loki). */
  TEMPLATE_DATASOURCE: 'template-datasource-rule',
  /** Panels and queries use a datasource variable, not a fixed datasource. */
  PANEL_DATASOURCE: 'panel-datasource-rule',
  /** rate/irate/increase use `$__rate_interval` (or `$__range` for totals over the time range). */
  TARGET_RATE_INTERVAL: 'target-rate-interval-rule',
  /** Counters (`_total`, `_count`, `_sum`, `_bucket`) appear only inside rate/irate/increase. */
  TARGET_COUNTER_AGG: 'target-counter-agg-rule',
  /** Every numeric panel has a unit. */
  PANEL_UNITS: 'panel-units-rule',
  /** Every panel has a title and a description. */
  PANEL_TITLE_DESCRIPTION: 'panel-title-description-rule',
  /** PromQL parses after Grafana's macros are substituted. */
  TARGET_PROMQL: 'target-promql-rule',
  /** LogQL parses after Grafana's macros are substituted. */
  TARGET_LOGQL: 'target-logql-rule',
  /** No deprecated panel types (`graph`, `singlestat`, `table-old`). */
  PANEL_NO_DEPRECATED: 'panel-no-deprecated-rule',
} as const;
/** The id of one dashboard lint rule (a {@link LintRule} value). */
export type LintRule = (typeof LintRule)[keyof typeof LintRule];

/** One problem found in a dashboard. */
export interface LintFinding {
  /** The rule that found the problem. */
  readonly rule: LintRule;
  /** Where: `panel "Request rate" > target A`. */
  readonly where: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

const NUMERIC_PANELS = new Set(['timeseries', 'stat', 'gauge', 'bargauge', 'barchart', 'piechart', 'histogram', 'trend', 'xychart']);
const DEPRECATED_PANELS: Record<string, string> = { graph: 'timeseries', singlestat: 'stat', 'table-old': 'table' };
const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets', 'absent', 'absent_over_time']);
const COUNTER_SUFFIX = /_(total|count|sum|bucket)$/;
// Distinct sample durations, so that the rate-interval rule can tell the macros from literal windows.
const RATE_INTERVAL_SAMPLE = '4321s';
const RANGE_SAMPLE = '4322s';

/**
 * Lints a dashboard model with grafana/dashboard-linter's rules (see {@link LintRule}); an empty list
 * means it passes. Pure: usable on any exported dashboard JSON.
 */
export function lintDashboard(json: DashboardJson): LintFinding[] {
  const findings: LintFinding[] = [];
  const variables = ((json.templating as { list?: Array<Record<string, any>> } | undefined)?.list ?? []);
  const datasourceVariables = new Map(variables.filter((v) => v.type === 'datasource').map((v) => [String(v.name), String(v.query ?? '')]));
  if (datasourceVariables.size === 0) {
    findings.push({ rule: LintRule.TEMPLATE_DATASOURCE, where: 'dashboard', message: 'has no datasource template variable; add one (type "datasource", e.g. named "datasource") and point the panels at "${datasource}".' });
  }

  for (const panel of allPanels(json)) {
    const where = `panel ${JSON.stringify(panel.title ?? `#${panel.id}`)}`;
    const type = String(panel.type ?? '');
    if (type === 'row') {
      if (!panel.title) findings.push({ rule: LintRule.PANEL_TITLE_DESCRIPTION, where, message: 'row has no title.' });
      continue;
    }
    if (DEPRECATED_PANELS[type]) {
      findings.push({ rule: LintRule.PANEL_NO_DEPRECATED, where, message: `uses the deprecated panel type "${type}"; use "${DEPRECATED_PANELS[type]}".` });
    }
    if (!panel.title || String(panel.title).trim() === '') findings.push({ rule: LintRule.PANEL_TITLE_DESCRIPTION, where, message: 'has no title.' });
    if (!panel.description || String(panel.description).trim() === '') {
      findings.push({ rule: LintRule.PANEL_TITLE_DESCRIPTION, where, message: 'has no description; say what the panel shows and what a bad value means.' });
    }
    if (NUMERIC_PANELS.has(type) && !panel.fieldConfig?.defaults?.unit) {
      findings.push({ rule: LintRule.PANEL_UNITS, where, message: 'has no unit; set fieldConfig.defaults.unit (e.g. "reqps", "s", "percentunit", "bytes", "short").' });
    }
    const targets: Array<Record<string, any>> = panel.targets ?? [];
    for (const target of targets) {
      const at = `${where} > target ${target.refId ?? '?'}`;
      const ref = target.datasource ?? panel.datasource;
      const uid: unknown = ref?.uid;
      const variable = typeof uid === 'string' ? /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(uid)?.[1] : undefined;
      if (!(variable && datasourceVariables.has(variable))) {
        findings.push({ rule: LintRule.PANEL_DATASOURCE, where: at, message: `uses datasource ${JSON.stringify(uid ?? null)}, not a datasource variable; use "\${datasource}".` });
      }
      const kind = ref?.type ?? (variable ? datasourceVariables.get(variable) : undefined) ?? 'prometheus';
      if (typeof target.expr !== 'string') continue;
      if (kind === 'loki') {
        if (!isValidLogQL(substituteGrafanaMacros(target.expr))) {
          findings.push({ rule: LintRule.TARGET_LOGQL, where: at, message: `${JSON.stringify(target.expr)} is not valid LogQL.` });
        }
      } else if (kind === 'prometheus') {
        findings.push(...lintPromQL(target.expr, at));
      }
    }
  }
  return findings;
}

function lintPromQL(expr: string, where: string): LintFinding[] {
  const sample = substituteGrafanaMacros(
    expr.replace(/\$\{__rate_interval\}|\$__rate_interval\b/g, RATE_INTERVAL_SAMPLE).replace(/\$\{__range\}|\$__range\b/g, RANGE_SAMPLE),
  );
  if (!isValidPromQL(sample)) {
    return [{ rule: LintRule.TARGET_PROMQL, where, message: `${JSON.stringify(expr)} is not valid PromQL.` }];
  }
  return queryProblems(sample).map((problem) =>
    problem.rule === LintRule.TARGET_RATE_INTERVAL
      ? { rule: problem.rule, where, message: `${problem.fn}() over [${problem.window}] in ${JSON.stringify(expr)}; use [$__rate_interval] (or [$__range] for a total over the dashboard's time range).` }
      : { rule: problem.rule, where, message: `counter ${problem.metric} is used raw in ${JSON.stringify(expr)}; wrap it in rate() or increase().` },
  );
}

/** What the tree rules found in one query, without the query text (which the messages add). */
type QueryProblem =
  | { readonly rule: typeof LintRule.TARGET_RATE_INTERVAL; readonly fn: string; readonly window: string }
  | { readonly rule: typeof LintRule.TARGET_COUNTER_AGG; readonly metric: string };

// The tree rules read function names, windows and metric names, never string literals, so queries of
// one shape (a service dashboard's queries, repeated for every service) share one parse and walk.
const problemsByShape = new Map<string, readonly QueryProblem[]>();
const MAX_CACHED_SHAPES = 20_000;

function queryProblems(sample: string): readonly QueryProblem[] {
  const shape = promqlShape(sample);
  let problems = problemsByShape.get(shape);
  if (problems === undefined) {
    problems = walkQuery(shape);
    if (problemsByShape.size >= MAX_CACHED_SHAPES) problemsByShape.clear();
    problemsByShape.set(shape, problems);
  }
  return problems;
}

function walkQuery(sample: string): QueryProblem[] {
  const problems: QueryProblem[] = [];
  promqlParser.parse(sample).iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.name === 'MatrixSelector') {
        const fn = enclosingFunction(node, sample);
        const window = node.getChild('DurationExpr');
        const text = window ? sample.slice(window.from, window.to) : '';
        if (fn && RATE_FUNCTIONS.has(fn) && text !== RATE_INTERVAL_SAMPLE && text !== RANGE_SAMPLE) {
          problems.push({ rule: LintRule.TARGET_RATE_INTERVAL, fn, window: text });
        }
      }
      if (node.name === 'VectorSelector') {
        const id = node.getChild('Identifier');
        const metric = id ? sample.slice(id.from, id.to) : '';
        if (COUNTER_SUFFIX.test(metric)) {
          let ancestor = node.parent;
          let wrapped = false;
          while (ancestor && !wrapped) {
            if (ancestor.name === 'FunctionCall' && COUNTER_FUNCTIONS.has(functionName(ancestor, sample))) wrapped = true;
            ancestor = ancestor.parent;
          }
          if (!wrapped) problems.push({ rule: LintRule.TARGET_COUNTER_AGG, metric });
        }
      }
    },
  });
  return problems;
}

type Node = NonNullable<ReturnType<ReturnType<typeof promqlParser.parse>['topNode']['getChild']>>;

function functionName(call: Node, text: string): string {
  const id = call.getChild('FunctionIdentifier');
  return id ? text.slice(id.from, id.to) : '';
}

/** The function whose direct argument the node is (through its FunctionCallBody), if any. */
function enclosingFunction(node: Node, text: string): string | undefined {
  const body = node.parent;
  if (body?.name !== 'FunctionCallBody' || body.parent?.name !== 'FunctionCall') return undefined;
  return functionName(body.parent, text);
}
