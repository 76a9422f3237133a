import { Selector, renderSeriesSelector } from '../label-matcher';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from './alert-pack';
import { AlertOptions, AlertPackProps, POSITIVE, RATIO, groupingLabels, labelName, labelsTemplate, metricName, num, percent } from './pack-props';

/** Options every dependency check takes besides its alert tuning. */
export interface DependencyAlertOptions extends AlertOptions {
  /**
   * Label matchers for this dependency's series.
   * @default the pack's `selector`
   */
  readonly selector?: Selector;
}

/** DatabaseConnectionPoolExhausted: fewer than `threshold` connections available. */
export interface DatabasePoolOptions extends DependencyAlertOptions {
  /**
   * The pool gauge, with a state label.
   * @default "db_connection_pool_size"
   */
  readonly metric?: string;
  /**
   * The label holding the connection state.
   * @default "state"
   */
  readonly stateLabel?: string;
  /**
   * The state value of idle, available connections.
   * @default "available"
   */
  readonly availableState?: string;
}

/** KafkaConsumerLag: the summed lag of a consumer group on a topic, in messages. */
export interface KafkaLagOptions extends DependencyAlertOptions {
  /**
   * The lag gauge (per partition).
   * @default "kafka_consumer_lag"
   */
  readonly metric?: string;
  /**
   * Labels the lag is summed per.
   * @default ["consumergroup", "topic"]
   */
  readonly groupBy?: ReadonlyArray<string>;
}

/** RedisHighMemory: used memory as a ratio of `maxmemory`. */
export interface RedisMemoryOptions extends DependencyAlertOptions {
  /**
   * Used memory gauge.
   * @default "redis_memory_used_bytes"
   */
  readonly usedMetric?: string;
  /**
   * Configured `maxmemory` gauge (0 when unset: those instances are skipped, not divided by zero).
   * @default "redis_memory_max_bytes"
   */
  readonly maxMetric?: string;
}

/** CertificateExpiringSoon: days until the earliest certificate of a probed endpoint expires. */
export interface CertificateExpiryOptions extends DependencyAlertOptions {
  /**
   * The blackbox-exporter expiry timestamp gauge (Unix seconds).
   * @default "probe_ssl_earliest_cert_expiry"
   */
  readonly metric?: string;
}

/** Properties of {@link DependencyRules}. */
export interface DependencyRulesProps extends AlertPackProps {
  /**
   * DatabaseConnectionPoolExhausted; threshold = available connections (alert below it).
   * @default below 5 for 5m, critical
   */
  readonly databasePool?: DatabasePoolOptions | false;
  /**
   * KafkaConsumerLag; threshold = messages.
   * @default above 10000 for 10m, warning
   */
  readonly kafkaLag?: KafkaLagOptions | false;
  /**
   * RedisHighMemory; threshold = ratio of maxmemory.
   * @default above 0.9 for 5m, warning
   */
  readonly redisMemory?: RedisMemoryOptions | false;
  /**
   * CertificateExpiringSoon; threshold = days left (alert below it).
   * @default below 30 days for 1h, warning
   */
  readonly certificateExpiry?: CertificateExpiryOptions | false;
}

/** What the dependency alerts read. */
interface DependencyTerms {
  /**
   * A series selector of the dependency's own selector (its options' `selector`, else the pack's),
   * plus fixed matchers; `at` is the error path of the dependency's options.
   */
  readonly series: (options: DependencyAlertOptions | undefined, at: (option: string) => string) => (metric: string, fixed?: string[]) => string;
}

const alert = alertSpecs<DependencyRulesProps, DependencyTerms>();

/** The dependency alerts, in rule order. */
export const DEPENDENCY_ALERTS = [
  alert({
    name: 'DatabaseConnectionPoolExhausted', prop: 'databasePool', severity: Severity.CRITICAL, for: '5m', threshold: 5, range: POSITIVE,
    settings: (options, at, p) => ({
      metric: metricName(options?.metric, 'db_connection_pool_size', at('metric')),
      state: labelName(options?.stateLabel, 'state', at('stateLabel')),
      available: options?.availableState ?? 'available',
      select: p.series(options, at),
    }),
    expr: (t) => `${t.select(t.metric, [`${t.state}=${JSON.stringify(t.available)}`])} < ${num(t.threshold)}`,
    summary: 'Database connection pool nearly exhausted on {{ $labels.instance }}',
    description: (t) => `Only {{ $value }} connections are available in the pool of {{ $labels.instance }} (threshold ${num(t.threshold)}, for ${t.for}).`,
  }),
  alert({
    name: 'KafkaConsumerLag', prop: 'kafkaLag', severity: Severity.WARNING, for: '10m', threshold: 10000, range: POSITIVE,
    settings: (options, at, p) => ({
      metric: metricName(options?.metric, 'kafka_consumer_lag', at('metric')),
      groupBy: groupingLabels(options?.groupBy, ['consumergroup', 'topic'], at('groupBy')),
      select: p.series(options, at),
    }),
    expr: (t) => `sum by (${t.groupBy.join(', ')}) (${t.select(t.metric)}) > ${num(t.threshold)}`,
    summary: (t) => `High Kafka consumer lag on ${labelsTemplate(t.groupBy)}`,
    description: (t) => `Consumer lag is {{ $value | humanize }} messages for ${labelsTemplate(t.groupBy)} (threshold ${num(t.threshold)}, for ${t.for}).`,
  }),
  alert({
    name: 'RedisHighMemory', prop: 'redisMemory', severity: Severity.WARNING, for: '5m', threshold: 0.9, range: RATIO,
    settings: (options, at, p) => ({
      used: metricName(options?.usedMetric, 'redis_memory_used_bytes', at('usedMetric')),
      max: metricName(options?.maxMetric, 'redis_memory_max_bytes', at('maxMetric')),
      select: p.series(options, at),
    }),
    expr: (t) => `${t.select(t.used)} / (${t.select(t.max)} > 0) > ${num(t.threshold)}`,
    summary: 'Redis memory usage high on {{ $labels.instance }}',
    description: (t) => `Redis memory usage is {{ $value | humanizePercentage }} of maxmemory on {{ $labels.instance }} (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'CertificateExpiringSoon', prop: 'certificateExpiry', severity: Severity.WARNING, for: '1h', threshold: 30, range: POSITIVE,
    settings: (options, at, p) => ({
      metric: metricName(options?.metric, 'probe_ssl_earliest_cert_expiry', at('metric')),
      select: p.series(options, at),
    }),
    expr: (t) => `(${t.select(t.metric)} - time()) / 86400 < ${num(t.threshold)}`,
    summary: 'TLS certificate of {{ $labels.instance }} expires soon',
    description: (t) => `The certificate of {{ $labels.instance }} expires in {{ $value | humanize }} days (threshold ${num(t.threshold)} days).`,
  }),
];

const DEPENDENCIES = alertPack<DependencyRulesProps, DependencyTerms>({
  kind: 'DependencyRules', name: 'dependencies', team: 'platform',
  terms: (props, packAt) => ({
    series: (options, at) => (metric, fixed) =>
      renderSeriesSelector(metric, options?.selector ?? props.selector, options?.selector ? at('selector') : packAt('selector'), fixed),
  }),
  alerts: DEPENDENCY_ALERTS,
});

/**
 * The seeds' dependency alerts (database pool, Kafka, Redis, TLS certificates), each switched off
 * with `false` when the environment does not run that dependency. Unlike the seeds, Redis memory is
 * guarded against `maxmemory` 0 (which gives +Inf) and Kafka lag is summed per consumer group and
 * topic instead of per partition.
 */
export class DependencyRules extends AlertPack<DependencyRulesProps> implements IRulePack {
  /** The pack for the dependencies the options describe. */
  public static create(props: DependencyRulesProps): DependencyRules {
    return new DependencyRules(props);
  }

  private constructor(props: DependencyRulesProps) {
    super(DEPENDENCIES, props, PROMETHEUS_RULES);
  }
}
