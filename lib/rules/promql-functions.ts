/**
 * The value types of PromQL, as Prometheus's parser names them in its messages: an instant vector
 * (one sample per series, e.g. `http_requests_total`), a range vector (samples over a window, e.g.
 * `http_requests_total[5m]`), a scalar (a number) and a string (a literal, e.g. `"service"`).
 */
export type PromQLType = 'instant vector' | 'range vector' | 'scalar' | 'string';

/** The signature of one PromQL function. */
export interface PromQLFunction {
  /** The argument types, in order. */
  readonly args: ReadonlyArray<PromQLType>;
  /**
   * How many more arguments of the last type may follow: 0 none (exactly `args`), n up to n more
   * optional ones (then the last of `args` is optional too, as Prometheus counts), -1 any number.
   */
  readonly variadic: number;
  /** The result type. */
  readonly returns: PromQLType;
  /**
   * Experimental: Prometheus refuses the function unless started with
   * `--enable-feature=promql-experimental-functions`, which this stack does not set.
   */
  readonly experimental?: boolean;
}

const V: PromQLType = 'instant vector';
const M: PromQLType = 'range vector';
const S: PromQLType = 'scalar';
const STR: PromQLType = 'string';

const fn = (args: PromQLType[], returns: PromQLType = V, variadic = 0, experimental = false): PromQLFunction =>
  experimental ? { args, variadic, returns, experimental } : { args, variadic, returns };
const experimental = (args: PromQLType[], returns: PromQLType = V, variadic = 0): PromQLFunction => fn(args, returns, variadic, true);

/**
 * Every function of PromQL in Prometheus 3.x (the stack deploys v3.14, kube-prometheus-stack 88.5.3),
 * with its argument and result types, from the Prometheus 3.x documentation of the functions,
 * https://prometheus.io/docs/prometheus/latest/querying/functions/ (read for v3.x; the same signatures
 * as the `Functions` table of `promql/parser/functions.go` in Prometheus v3). Experimental functions are marked: Prometheus's
 * parser refuses them ("function ... is not enabled") without `promql-experimental-functions`.
 */
export const PROMQL_FUNCTIONS: Readonly<Record<string, PromQLFunction>> = {
  abs: fn([V]),
  absent: fn([V]),
  absent_over_time: fn([M]),
  acos: fn([V]),
  acosh: fn([V]),
  asin: fn([V]),
  asinh: fn([V]),
  atan: fn([V]),
  atanh: fn([V]),
  avg_over_time: fn([M]),
  ceil: fn([V]),
  changes: fn([M]),
  clamp: fn([V, S, S]),
  clamp_max: fn([V, S]),
  clamp_min: fn([V, S]),
  cos: fn([V]),
  cosh: fn([V]),
  count_over_time: fn([M]),
  day_of_month: fn([V], V, 1),
  day_of_week: fn([V], V, 1),
  day_of_year: fn([V], V, 1),
  days_in_month: fn([V], V, 1),
  deg: fn([V]),
  delta: fn([M]),
  deriv: fn([M]),
  double_exponential_smoothing: experimental([M, S, S]),
  end: experimental([], S),
  exp: fn([V]),
  first_over_time: experimental([M]),
  floor: fn([V]),
  histogram_avg: fn([V]),
  histogram_count: fn([V]),
  histogram_fraction: fn([S, S, V]),
  histogram_quantile: fn([S, V]),
  histogram_quantiles: experimental([V, STR, S, S], V, 9),
  histogram_stddev: fn([V]),
  histogram_stdvar: fn([V]),
  histogram_sum: fn([V]),
  hour: fn([V], V, 1),
  idelta: fn([M]),
  increase: fn([M]),
  info: experimental([V, V], V, 1),
  integral: experimental([M, S], V, 1),
  irate: fn([M]),
  label_join: fn([V, STR, STR, STR], V, -1),
  label_replace: fn([V, STR, STR, STR, STR]),
  last_over_time: fn([M]),
  ln: fn([V]),
  log10: fn([V]),
  log2: fn([V]),
  mad_over_time: experimental([M]),
  max_over_time: fn([M]),
  min_over_time: fn([M]),
  minute: fn([V], V, 1),
  month: fn([V], V, 1),
  pi: fn([], S),
  predict_linear: fn([M, S]),
  present_over_time: fn([M]),
  quantile_over_time: fn([S, M]),
  rad: fn([V]),
  range: experimental([], S),
  rate: fn([M]),
  resets: fn([M]),
  round: fn([V, S], V, 1),
  scalar: fn([V], S),
  sgn: fn([V]),
  sin: fn([V]),
  sinh: fn([V]),
  sort: fn([V]),
  sort_by_label: experimental([V, STR], V, -1),
  sort_by_label_desc: experimental([V, STR], V, -1),
  sort_desc: fn([V]),
  sqrt: fn([V]),
  start: experimental([], S),
  stddev_over_time: fn([M]),
  stdvar_over_time: fn([M]),
  step: experimental([], S),
  sum_over_time: fn([M]),
  tan: fn([V]),
  tanh: fn([V]),
  time: fn([], S),
  timestamp: fn([V]),
  ts_of_first_over_time: experimental([M]),
  ts_of_last_over_time: experimental([M]),
  ts_of_max_over_time: experimental([M]),
  ts_of_min_over_time: experimental([M]),
  vector: fn([S]),
  year: fn([V], V, 1),
};

/** Functions that Prometheus 3.0 removed, with what replaces them. */
export const REMOVED_PROMQL_FUNCTIONS: Readonly<Record<string, string>> = {
  holt_winters: 'holt_winters was removed in Prometheus 3.0; its successor double_exponential_smoothing is experimental (not enabled here), so smooth with avg_over_time(...[window]) or predict_linear(...) instead',
};

/** An aggregation operator: what its parameter is (before the vector), if it takes one. */
export interface PromQLAggregation {
  /** The type of the parameter, e.g. `k` of `topk(k, v)`; undefined for `sum(v)` and the like. */
  readonly param?: PromQLType;
  /** What the parameter means, for messages. */
  readonly paramName?: string;
  /** Experimental: refused without `promql-experimental-functions`. */
  readonly experimental?: boolean;
}

/**
 * The aggregation operators of Prometheus 3.x (Prometheus 3.x documentation,
 * https://prometheus.io/docs/prometheus/latest/querying/operators/#aggregation-operators):
 * each aggregates an instant vector; some take a parameter first.
 */
export const PROMQL_AGGREGATIONS: Readonly<Record<string, PromQLAggregation>> = {
  avg: {},
  bottomk: { param: S, paramName: 'k' },
  count: {},
  count_values: { param: STR, paramName: 'the output label name' },
  group: {},
  limit_ratio: { param: S, paramName: 'the ratio', experimental: true },
  limitk: { param: S, paramName: 'k', experimental: true },
  max: {},
  min: {},
  quantile: { param: S, paramName: 'the quantile φ' },
  stddev: {},
  stdvar: {},
  sum: {},
  topk: { param: S, paramName: 'k' },
};

/** The closest name among `candidates` to a misspelled `name`, when one is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  // A third of the name (at least 1, at most 3 edits): "rat" → "rate", "histgram_quantile" → "histogram_quantile".
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: a candidate that far off cannot be the answer.
    if (Math.abs(other.length - lower.length) > allowed) continue;
    const distance = other === lower ? 0 : editDistance(lower, other);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && preferred(candidate, best, lower))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/**
 * Between two names as close to a typo: the one the typo starts (a name cut short: "rat" → "rate", not
 * "rad"), then the one more often written, then the first by name.
 */
function preferred(candidate: string, best: string, typo: string): boolean {
  const prefix = (name: string) => (name.toLowerCase().startsWith(typo) ? 0 : 1);
  if (prefix(candidate) !== prefix(best)) return prefix(candidate) < prefix(best);
  const rank = (name: string) => (COMMON.indexOf(name) === -1 ? COMMON.length : COMMON.indexOf(name));
  if (rank(candidate) !== rank(best)) return rank(candidate) < rank(best);
  return candidate < best;
}

/** The functions and aggregations rules use most, most used first (ties between typo corrections go to them). */
const COMMON = ['rate', 'sum', 'increase', 'histogram_quantile', 'avg', 'max', 'min', 'count', 'irate', 'absent', 'avg_over_time', 'max_over_time', 'min_over_time', 'delta', 'topk', 'time', 'vector', 'label_replace'];

/** Levenshtein distance, with a transposition counted as one edit ("rtae" → "rate"). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
