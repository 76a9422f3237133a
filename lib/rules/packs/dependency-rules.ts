import { Duration } from '../../core/duration';
import { show } from '../../core/validation-error';
import { AlertRule } from '../alert-rule';
import { Selector, renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertOptions, AlertPackContext, AlertPackProps, POSITIVE, RATIO, groupingLabels, labelName, labelsTemplate, metricName, num, percent } from './pack-props';

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

/**
 * The seeds' dependency alerts (database pool, Kafka, Redis, TLS certificates), each switched off
 * with `false` when the environment does not run that dependency. Unlike the seeds, Redis memory is
 * guarded against `maxmemory` 0 (which gives +Inf) and Kafka lag is summed per consumer group and
 * topic instead of per partition.
 */
export class DependencyRules implements IRulePack {
  /** The pack for the dependencies the options describe. */
  public static create(props: DependencyRulesProps): DependencyRules {
    return new DependencyRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: DependencyRulesProps) {
    this.name = props?.name ?? 'dependencies';
    const where = `DependencyRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, 'platform', where);
      const series = (metric: string, section: string, options: DependencyAlertOptions | undefined, fixed: string[] = []) =>
        renderSeriesSelector(metric, options?.selector ?? props.selector, `${where} > ${options?.selector ? `${section} > selector` : 'selector'}`, fixed);
      const rules: AlertRule[] = [];

      const db = ctx.resolve('databasePool', 'DatabaseConnectionPoolExhausted', props.databasePool, { threshold: 5, for: Duration.minutes(5), severity: Severity.CRITICAL }, POSITIVE);
      if (db) {
        const options = props.databasePool || undefined;
        const metric = metricName(options?.metric, 'db_connection_pool_size', `${where} > databasePool > metric`);
        const state = labelName(options?.stateLabel, 'state', `${where} > databasePool > stateLabel`);
        const available = options?.availableState ?? 'available';
        rules.push(
          ctx.alert('DatabaseConnectionPoolExhausted', db, {
            expr: `${series(metric, 'databasePool', options, [`${state}=${JSON.stringify(available)}`])} < ${num(db.threshold)}`,
            summary: 'Database connection pool nearly exhausted on {{ $labels.instance }}',
            description: `Only {{ $value }} connections are available in the pool of {{ $labels.instance }} (threshold ${num(db.threshold)}, for ${db.for}).`,
          }),
        );
      }

      const kafka = ctx.resolve('kafkaLag', 'KafkaConsumerLag', props.kafkaLag, { threshold: 10000, for: Duration.minutes(10), severity: Severity.WARNING }, POSITIVE);
      if (kafka) {
        const options = props.kafkaLag || undefined;
        const metric = metricName(options?.metric, 'kafka_consumer_lag', `${where} > kafkaLag > metric`);
        const groupBy = groupingLabels(options?.groupBy, ['consumergroup', 'topic'], `${where} > kafkaLag > groupBy`);
        rules.push(
          ctx.alert('KafkaConsumerLag', kafka, {
            expr: `sum by (${groupBy.join(', ')}) (${series(metric, 'kafkaLag', options)}) > ${num(kafka.threshold)}`,
            summary: `High Kafka consumer lag on ${labelsTemplate(groupBy)}`,
            description: `Consumer lag is {{ $value | humanize }} messages for ${labelsTemplate(groupBy)} (threshold ${num(kafka.threshold)}, for ${kafka.for}).`,
          }),
        );
      }

      const redis = ctx.resolve('redisMemory', 'RedisHighMemory', props.redisMemory, { threshold: 0.9, for: Duration.minutes(5), severity: Severity.WARNING }, RATIO);
      if (redis) {
        const options = props.redisMemory || undefined;
        const used = metricName(options?.usedMetric, 'redis_memory_used_bytes', `${where} > redisMemory > usedMetric`);
        const max = metricName(options?.maxMetric, 'redis_memory_max_bytes', `${where} > redisMemory > maxMetric`);
        rules.push(
          ctx.alert('RedisHighMemory', redis, {
            expr: `${series(used, 'redisMemory', options)} / (${series(max, 'redisMemory', options)} > 0) > ${num(redis.threshold)}`,
            summary: 'Redis memory usage high on {{ $labels.instance }}',
            description: `Redis memory usage is {{ $value | humanizePercentage }} of maxmemory on {{ $labels.instance }} (threshold ${percent(redis.threshold)}%, for ${redis.for}).`,
          }),
        );
      }

      const cert = ctx.resolve('certificateExpiry', 'CertificateExpiringSoon', props.certificateExpiry, { threshold: 30, for: Duration.hours(1), severity: Severity.WARNING }, POSITIVE);
      if (cert) {
        const options = props.certificateExpiry || undefined;
        const metric = metricName(options?.metric, 'probe_ssl_earliest_cert_expiry', `${where} > certificateExpiry > metric`);
        rules.push(
          ctx.alert('CertificateExpiringSoon', cert, {
            expr: `(${series(metric, 'certificateExpiry', options)} - time()) / 86400 < ${num(cert.threshold)}`,
            summary: 'TLS certificate of {{ $labels.instance }} expires soon',
            description: `The certificate of {{ $labels.instance }} expires in {{ $value | humanize }} days (threshold ${num(cert.threshold)} days).`,
          }),
        );
      }

      return rules.length === 0 ? [] : [new RuleGroup(this.name, { interval: ctx.interval, rules })];
    });
  }
}
