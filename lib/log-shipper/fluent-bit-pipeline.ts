import { ValidationError, show } from '../core/validation-error';
import { ILokiPushTarget } from '../loki/loki-push-target';
import { DatadogLogsOutput } from './datadog-logs';
import { ResolvedElasticsearchSink, elasticsearchOutputEntries } from './elasticsearch-output';

/** Fluent Bit's HTTP server: health and metrics. */
export const FLUENT_BIT_HTTP_PORT = 2020;

/** Stream labels the shipper sets: few values each, so Loki's index stays small. */
export const LOG_STREAM_LABELS = ['namespace', 'app', 'container', 'level'] as const;

/**
 * Fields that must never become labels: unbounded values (one stream per request/pod/trace) would
 * explode Loki's index. They stay in the line, and the ids also go to structured metadata.
 */
export const HIGH_CARDINALITY_FIELDS = ['trace_id', 'span_id', 'correlation_id', 'request_id', 'user_id', 'pod', 'pod_name', 'instance', 'ip'] as const;

/** Fields of the seeds' log schema sent as Loki structured metadata (queryable without parsing, not indexed). */
export const STRUCTURED_METADATA_FIELDS = ['trace_id', 'span_id', 'correlation_id', 'request_id'] as const;

/** Input of {@link renderFluentBitPipeline}. */
export interface FluentBitPipelineOptions {
  /** The Loki to push to. */
  readonly loki: ILokiPushTarget;
  /** Pod label whose value becomes the `app` stream label. */
  readonly appLabel: string;
  /** Constant labels (e.g. `cluster`). */
  readonly staticLabels: Readonly<Record<string, string>>;
  /** Tail memory buffer per input, MB. */
  readonly memBufLimitMB: number;
  /** Also ship every line to Datadog's log intake. @default none (Loki only) */
  readonly datadog?: DatadogLogsOutput;
  /** Also ship every record to Elasticsearch/OpenSearch (checked). @default none */
  readonly elasticsearch?: ResolvedElasticsearchSink;
}

/** The Fluent Bit chart's `config.*` sections, in Fluent Bit's classic format. */
export interface FluentBitPipeline {
  /** The `[SERVICE]` section (`config.service`). */
  readonly service: string;
  /** The `[INPUT]` sections (`config.inputs`). */
  readonly inputs: string;
  /** The `[FILTER]` sections (`config.filters`). */
  readonly filters: string;
  /** The `[OUTPUT]` sections (`config.outputs`). */
  readonly outputs: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAFE_VALUE = /^[-a-zA-Z0-9_.:/]+$/;

/**
 * Renders the log pipeline: tail container logs (CRI format, with partial lines joined), add
 * Kubernetes metadata and merge JSON application logs into the record (seed 003's schema: level,
 * service, trace_id…), then push to Loki with low-cardinality labels and trace ids as structured
 * metadata; optionally also to Datadog with `${DD_API_KEY}` from the environment, and to
 * Elasticsearch/OpenSearch with its credentials from the environment.
 */
export function renderFluentBitPipeline(options: FluentBitPipelineOptions, where: string): FluentBitPipeline {
  const staticLabels = Object.keys(options.staticLabels).sort().map((name) => {
    const value = options.staticLabels[name];
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new ValidationError(where, `static label ${show(name)} is not a valid Loki label name; use letters, digits and '_' (e.g. "cluster").`);
    }
    if ((LOG_STREAM_LABELS as readonly string[]).includes(name) || name === 'job') {
      throw new ValidationError(where, `static label ${show(name)} is set by the shipper itself; choose another name (e.g. "cluster").`);
    }
    if ((HIGH_CARDINALITY_FIELDS as readonly string[]).includes(name)) {
      throw new ValidationError(where, `static label ${show(name)} names a high-cardinality field that must stay out of labels; leave it in the log line.`);
    }
    if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
      throw new ValidationError(where, `static label ${name}=${show(value)} must be a non-empty value of letters, digits and -_.:/ (it is written into Fluent Bit's config).`);
    }
    return `${name}=${value}`;
  });
  if (!/^[a-zA-Z0-9]([-a-zA-Z0-9_./]*[a-zA-Z0-9])?$/.test(options.appLabel)) {
    throw new ValidationError(where, `appLabel ${show(options.appLabel)} is not a Kubernetes label key such as "app" or "app.kubernetes.io/name".`);
  }
  const loki = options.loki;
  const labels = [
    'job=fluent-bit',
    ...staticLabels,
    "namespace=$kubernetes['namespace_name']",
    `app=$kubernetes['labels']['${options.appLabel}']`,
    "container=$kubernetes['container_name']",
    'level=$level',
  ];
  const metadata = [...STRUCTURED_METADATA_FIELDS.map((field) => `${field}=$${field}`), "pod=$kubernetes['pod_name']"];

  const service = section('SERVICE', [
    ['Daemon', 'Off'],
    ['Flush', '1'],
    ['Log_Level', 'info'],
    ['Parsers_File', '/fluent-bit/etc/parsers.conf'],
    ['Parsers_File', '/fluent-bit/etc/conf/custom_parsers.conf'],
    ['HTTP_Server', 'On'],
    ['HTTP_Listen', '0.0.0.0'],
    ['HTTP_Port', String(FLUENT_BIT_HTTP_PORT)],
    ['Health_Check', 'On'],
  ]);
  const inputs = section('INPUT', [
    ['Name', 'tail'],
    ['Tag', 'kube.*'],
    ['Path', '/var/log/containers/*.log'],
    // containerd/CRI-O write CRI lines; the cri multiline parser joins partial (P) lines.
    ['multiline.parser', 'cri'],
    ['DB', '/var/log/flb_kube.db'],
    ['Mem_Buf_Limit', `${options.memBufLimitMB}MB`],
    ['Skip_Long_Lines', 'On'],
    ['Refresh_Interval', '10'],
  ]);
  const filters = section('FILTER', [
    ['Name', 'kubernetes'],
    ['Match', 'kube.*'],
    ['Kube_Tag_Prefix', 'kube.var.log.containers.'],
    // JSON application logs are parsed and merged into the record: level, service, trace_id… become fields.
    ['Merge_Log', 'On'],
    ['Keep_Log', 'Off'],
    ['K8S-Logging.Parser', 'On'],
    ['K8S-Logging.Exclude', 'On'],
    ['Labels', 'On'],
    ['Annotations', 'Off'],
    ['Buffer_Size', '0'],
  ]);
  const outputs = [
    section('OUTPUT', [
      ['Name', 'loki'],
      ['Match', 'kube.*'],
      ['Host', loki.pushHost],
      ['Port', String(loki.pushPort)],
      ['Uri', loki.pushPath],
      ['Tls', loki.lokiPushUrl.startsWith('https:') ? 'On' : 'Off'],
      ...(loki.pushTenant !== undefined ? [['Tenant_ID', loki.pushTenant] as [string, string]] : []),
      ['Labels', labels.join(', ')],
      ['Structured_Metadata', metadata.join(', ')],
      ['Auto_Kubernetes_Labels', 'Off'],
      ['Line_Format', 'json'],
      ['Retry_Limit', 'False'],
    ]),
  ];
  if (options.datadog) outputs.push(datadogOutput(options.datadog, where));
  if (options.elasticsearch) outputs.push(section('OUTPUT', elasticsearchOutputEntries(options.elasticsearch, 'kube.*')));
  return { service, inputs, filters, outputs: outputs.join('') };
}

function datadogOutput(datadog: DatadogLogsOutput, where: string): string {
  const site = datadog.site ?? 'datadoghq.com';
  if (!/^([a-z0-9]+\.)?(datadoghq\.(com|eu)|ddog-gov\.com)$/.test(site)) {
    throw new ValidationError(where, `datadog.site ${show(site)} is not a Datadog site such as "datadoghq.com", "datadoghq.eu" or "us5.datadoghq.com".`);
  }
  const tags = Object.keys(datadog.tags ?? {}).sort().map((name) => {
    const value = datadog.tags![name];
    if (!/^[a-z][a-z0-9_./-]*$/.test(name) || typeof value !== 'string' || !SAFE_VALUE.test(value)) {
      throw new ValidationError(where, `datadog tag ${show(name)}:${show(value)} is not a Datadog tag; use lowercase names and values of letters, digits and -_.:/ (e.g. env:prod).`);
    }
    return `${name}:${value}`;
  });
  return section('OUTPUT', [
    ['Name', 'datadog'],
    ['Match', 'kube.*'],
    ['Host', `http-intake.logs.${site}`],
    ['TLS', 'On'],
    ['compress', 'gzip'],
    // Expanded by Fluent Bit from the env var that the pod reads from the Secret; never a literal key.
    ['apikey', '${DD_API_KEY}'],
    ['dd_source', 'kubernetes'],
    ...(tags.length > 0 ? [['dd_tags', tags.join(',')] as [string, string]] : []),
    ['Retry_Limit', 'False'],
  ]);
}

function section(name: string, entries: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return `[${name}]\n${entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`).join('\n')}\n`;
}
