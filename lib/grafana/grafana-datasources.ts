import { DatasourceType, GrafanaDatasourceDescriptor, GrafanaSecretKey } from '../core/grafana-datasource';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { validatePromQL } from '../rules/promql';

/** How signals link to each other in Grafana (exemplars, derived fields, trace-to-logs/metrics). */
export interface DatasourceCorrelations {
  /**
   * Regex whose first group is the trace id in a log line (Loki derived field → Jaeger).
   * @default '"trace_id":"(\\w+)"' (JSON logs with a `trace_id` field, as the seeds' services write)
   */
  readonly logTraceIdRegex?: string;
  /**
   * Field of a log document that holds the trace id (Elasticsearch/OpenSearch data link → Jaeger).
   * @default 'trace_id' (the seeds' JSON log schema, merged at the top level by the log shipper)
   */
  readonly logTraceIdField?: string;
  /** Label of the exemplar that holds the trace id (Prometheus → Jaeger). @default 'trace_id' */
  readonly exemplarTraceIdLabel?: string;
  /** Loki label that carries a span's `service.name` (Jaeger → Loki). @default 'service_name' */
  readonly logServiceLabel?: string;
  /** Prometheus label that carries a span's `service.name` (Jaeger → Prometheus). @default 'service' */
  readonly metricServiceLabel?: string;
  /** Request counter used by the trace → metrics queries. @default 'http_requests_total' */
  readonly requestsMetric?: string;
  /** Request duration histogram (base name) used by the trace → metrics queries. @default 'http_request_duration_seconds' */
  readonly durationHistogram?: string;
}

/** One entry of Grafana's datasource provisioning file, before escaping. */
export type DatasourceProvisioning = Record<string, unknown>;

const UID = /^[A-Za-z0-9_-]{1,40}$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Headers that carry credentials: never as a datasource header value. */
const CREDENTIAL_HEADER = /^(proxy-)?authorization$|^cookie$|api[-_]?key|token|secret|password/i;
const HTTP_HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
/** Grafana's default trace id pattern for derived fields, for JSON logs. */
export const DEFAULT_LOG_TRACE_ID_REGEX = '"trace_id":"(\\w+)"';

/**
 * The provisioning entries of the given datasources with the correlations between them. A correlation
 * is added only when its target is present (no link to a Jaeger that does not exist). The component's
 * own `jsonData` wins over a correlation key of the same name.
 */
export function renderDatasources(
  descriptors: readonly GrafanaDatasourceDescriptor[],
  where: string,
  correlations: DatasourceCorrelations = {},
): DatasourceProvisioning[] {
  checkDescriptors(descriptors, where);
  const first = (type: DatasourceType) => descriptors.find((d) => d.type === type);
  const prometheus = first(DatasourceType.PROMETHEUS);
  const loki = first(DatasourceType.LOKI);
  const jaeger = first(DatasourceType.JAEGER);
  const links = resolveCorrelations(correlations, where);
  const defaultUid = (prometheus ?? descriptors[0])?.uid;

  return descriptors.map((descriptor) => {
    const added: Record<string, unknown> = {};
    if (descriptor.type === DatasourceType.PROMETHEUS && jaeger) {
      added.exemplarTraceIdDestinations = [{ name: links.exemplarTraceIdLabel, datasourceUid: jaeger.uid, urlDisplayLabel: 'View trace' }];
    }
    if (descriptor.type === DatasourceType.LOKI && jaeger) {
      added.derivedFields = [{
        name: 'TraceID', matcherRegex: links.logTraceIdRegex, url: '${__value.raw}', datasourceUid: jaeger.uid, urlDisplayLabel: 'View trace',
      }];
    }
    if ((descriptor.type === DatasourceType.ELASTICSEARCH || descriptor.type === DatasourceType.OPENSEARCH) && jaeger) {
      added.dataLinks = [{ field: links.logTraceIdField, url: '${__value.raw}', datasourceUid: jaeger.uid, urlDisplayLabel: 'View trace' }];
    }
    if (descriptor.type === DatasourceType.JAEGER) {
      if (loki) {
        added.tracesToLogsV2 = {
          datasourceUid: loki.uid, spanStartTimeShift: '-5m', spanEndTimeShift: '5m',
          filterByTraceID: true, filterBySpanID: false, customQuery: false,
          tags: [{ key: 'service.name', value: links.logServiceLabel }],
        };
      }
      if (prometheus) {
        added.tracesToMetrics = {
          datasourceUid: prometheus.uid, spanStartTimeShift: '-5m', spanEndTimeShift: '5m',
          tags: [{ key: 'service.name', value: links.metricServiceLabel }],
          queries: traceToMetricQueries(links, where),
        };
      }
      added.nodeGraph = { enabled: true };
    }
    // Grafana's custom headers: the name in jsonData, the value in secureJsonData, numbered from 1; the
    // plain ones first, then those read from Secrets.
    const env = secretEnvNames(descriptor);
    const headers: Array<[string, string]> = [
      ...Object.entries(descriptor.httpHeaders ?? {}),
      ...Object.entries(descriptor.secretHttpHeaders ?? {}).map(([name, ref], index): [string, string] => [name, `${ref.prefix ?? ''}${envReference(env.header(index))}`]),
    ];
    headers.forEach(([name], index) => { added[`httpHeaderName${index + 1}`] = name; });
    const secure: Record<string, string> = Object.fromEntries(headers.map(([, value], index) => [`httpHeaderValue${index + 1}`, value]));
    if (descriptor.basicAuth) secure.basicAuthPassword = envReference(env.basicAuthPassword);
    if (descriptor.tlsCaCert) {
      added.tlsAuthWithCACert = true;
      secure.tlsCACert = envReference(env.tlsCaCert);
    }
    return {
      name: descriptor.name,
      type: descriptor.type,
      uid: descriptor.uid,
      url: descriptor.url,
      access: 'proxy',
      isDefault: descriptor.uid === defaultUid,
      editable: false,
      ...(descriptor.basicAuth ? { basicAuth: true, basicAuthUser: envReference(env.basicAuthUser) } : {}),
      jsonData: { ...added, ...(descriptor.jsonData ?? {}) },
      ...(Object.keys(secure).length > 0 ? { secureJsonData: secure } : {}),
    };
  });
}

/** The Jaeger → Prometheus queries; `$__tags` is Grafana's placeholder for the span's mapped tags. */
function traceToMetricQueries(links: Required<DatasourceCorrelations>, where: string): Array<{ name: string; query: string }> {
  const queries = [
    { name: 'Request rate', query: `sum(rate(${links.requestsMetric}{$__tags}[5m]))` },
    { name: 'Error ratio', query: `sum(rate(${links.requestsMetric}{$__tags, status_code=~"5.."}[5m])) / sum(rate(${links.requestsMetric}{$__tags}[5m]))` },
    { name: 'p99 latency', query: `histogram_quantile(0.99, sum by (le) (rate(${links.durationHistogram}_bucket{$__tags}[5m])))` },
  ];
  for (const { name, query } of queries) {
    validatePromQL(query.replace(/\$__tags/g, 'service="x"'), `${where} tracesToMetrics "${name}"`);
  }
  return queries;
}

function resolveCorrelations(c: DatasourceCorrelations, where: string): Required<DatasourceCorrelations> {
  const resolved: Required<DatasourceCorrelations> = {
    logTraceIdRegex: c.logTraceIdRegex ?? DEFAULT_LOG_TRACE_ID_REGEX,
    logTraceIdField: c.logTraceIdField ?? 'trace_id',
    exemplarTraceIdLabel: c.exemplarTraceIdLabel ?? 'trace_id',
    logServiceLabel: c.logServiceLabel ?? 'service_name',
    metricServiceLabel: c.metricServiceLabel ?? 'service',
    requestsMetric: c.requestsMetric ?? 'http_requests_total',
    durationHistogram: c.durationHistogram ?? 'http_request_duration_seconds',
  };
  let groups: number;
  try {
    groups = new RegExp(`${resolved.logTraceIdRegex}|`).exec('')!.length - 1;
  } catch (error) {
    throw new ValidationError(where, `correlations.logTraceIdRegex ${show(resolved.logTraceIdRegex)} is not a valid regular expression (${(error as Error).message}); fix it, e.g. ${show(DEFAULT_LOG_TRACE_ID_REGEX)}.`);
  }
  if (groups < 1) {
    throw new ValidationError(where, `correlations.logTraceIdRegex ${show(resolved.logTraceIdRegex)} has no capture group; put the trace id in parentheses, e.g. ${show(DEFAULT_LOG_TRACE_ID_REGEX)}.`);
  }
  if (typeof resolved.logTraceIdField !== 'string' || !/^[A-Za-z_@][A-Za-z0-9_.@-]*$/.test(resolved.logTraceIdField)) {
    throw new ValidationError(where, `correlations.logTraceIdField ${show(resolved.logTraceIdField)} is not a document field name; use letters, digits, '_', '.', '-' and '@' (e.g. "trace_id").`);
  }
  for (const key of ['exemplarTraceIdLabel', 'logServiceLabel', 'metricServiceLabel'] as const) {
    if (!LABEL.test(resolved[key])) throw new ValidationError(where, `correlations.${key} ${show(resolved[key])} is not a valid label name; use letters, digits and '_'.`);
  }
  for (const key of ['requestsMetric', 'durationHistogram'] as const) {
    if (!METRIC.test(resolved[key])) throw new ValidationError(where, `correlations.${key} ${show(resolved[key])} is not a valid metric name.`);
  }
  return resolved;
}

function checkDescriptors(descriptors: readonly GrafanaDatasourceDescriptor[], where: string): void {
  const uids = new Set<string>();
  const names = new Set<string>();
  for (const d of descriptors) {
    const at = `${where} datasource ${show(d.name)}`;
    if (!Object.values(DatasourceType).includes(d.type)) {
      throw new ValidationError(at, `type ${show(d.type)} is not one of ${Object.values(DatasourceType).join(', ')} (DatasourceType.*).`);
    }
    if (!UID.test(d.uid)) throw new ValidationError(at, `uid ${show(d.uid)} is not a Grafana uid; use up to 40 letters, digits, '-' and '_'.`);
    if (typeof d.name !== 'string' || d.name.trim() === '') throw new ValidationError(at, `name ${show(d.name)} is empty; give the datasource a display name.`);
    if (uids.has(d.uid)) throw new ValidationError(at, `uid ${show(d.uid)} is used by two datasources; dashboards and correlations refer to datasources by uid, so give each its own.`);
    if (names.has(d.name)) throw new ValidationError(at, `name ${show(d.name)} is used by two datasources; Grafana keys provisioned datasources by name, so give each its own.`);
    let url: URL;
    try {
      url = new URL(d.url);
    } catch {
      throw new ValidationError(at, `url ${show(d.url)} is not an absolute http(s) URL; pass the component's typed reference, whose URL is in-cluster.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(at, `url ${show(d.url)} is not an http(s) URL.`);
    if (url.username || url.password) {
      throw new ValidationError(at, `url ${show(`${url.protocol}//${url.host}`)} carries credentials; datasources here need none in the URL (no secret may reach the rendered values).`);
    }
    for (const [header, value] of Object.entries(d.httpHeaders ?? {})) {
      if (!HTTP_HEADER_NAME.test(header)) throw new ValidationError(at, `HTTP header name ${show(header)} is not a header name; use letters, digits and '-' (e.g. "X-Scope-OrgID").`);
      // Header values are chart values, so Terraform state: a credential header would put a secret there.
      if (CREDENTIAL_HEADER.test(header)) {
        throw new ValidationError(at, `HTTP header ${show(header)} carries credentials, and its value would reach Terraform state; authenticate the datasource through a Secret (Grafana's secureJsonData from an environment variable of an existing Secret), not a header value.`);
      }
      if (typeof value !== 'string' || value === '' || /[\x00-\x1f\x7f]/.test(value)) {
        throw new ValidationError(at, `HTTP header ${header} value ${show(value)} is empty or has control characters; Grafana could not send it, so give the value the backend expects (e.g. the Loki tenant).`);
      }
    }
    checkSecretReferences(d, at);
    uids.add(d.uid);
    names.add(d.name);
  }
  const envOwners = new Map<string, string>();
  for (const d of descriptors) {
    const prefix = secretEnvNames(d).prefix;
    const other = envOwners.get(prefix);
    if (other !== undefined && other !== d.uid && hasSecrets(d)) {
      throw new ValidationError(`${where} datasource ${show(d.name)}`, `uid ${show(d.uid)} and ${show(other)} give the same environment variable names (${prefix}_*) for their Secrets; change one uid.`);
    }
    if (hasSecrets(d)) envOwners.set(prefix, d.uid);
  }
}

function hasSecrets(d: GrafanaDatasourceDescriptor): boolean {
  return d.basicAuth !== undefined || d.tlsCaCert !== undefined || Object.keys(d.secretHttpHeaders ?? {}).length > 0;
}

/**
 * One Secret reference of a descriptor: `prop` is its field (`basicAuth`), `keys` its key fields with
 * an example each. The Secret is in Grafana's namespace.
 */
function checkSecretRef(ref: Pick<GrafanaSecretKey, 'secretName'> | undefined, prop: string, example: string, keys: ReadonlyArray<[field: string, value: unknown, example: string]>, at: string): void {
  if (ref === null || typeof ref !== 'object') {
    throw new ValidationError(at, `${prop} ${show(ref)} is not a Secret reference; write ${prop}: { secretName: "${example}", ... } (an existing Secret in Grafana's namespace).`);
  }
  checkSecretName(at, `${prop}.secretName`, ref.secretName, example);
  for (const [field, value, keyExample] of keys) checkSecretKey(at, `${prop}.${field}`, value, keyExample);
}

function checkSecretReferences(d: GrafanaDatasourceDescriptor, at: string): void {
  if (d.basicAuth !== undefined) {
    checkSecretRef(d.basicAuth, 'basicAuth', 'datasource-credentials', [['userKey', d.basicAuth?.userKey, 'username'], ['passwordKey', d.basicAuth?.passwordKey, 'password']], at);
  }
  if (d.tlsCaCert !== undefined) checkSecretRef(d.tlsCaCert, 'tlsCaCert', 'datasource-ca', [['key', d.tlsCaCert?.key, 'ca.crt']], at);
  for (const [header, ref] of Object.entries(d.secretHttpHeaders ?? {})) {
    if (!HTTP_HEADER_NAME.test(header)) throw new ValidationError(at, `HTTP header name ${show(header)} is not a header name; use letters, digits and '-' (e.g. "Authorization").`);
    if (Object.keys(d.httpHeaders ?? {}).some((plain) => plain.toLowerCase() === header.toLowerCase())) {
      throw new ValidationError(at, `HTTP header ${show(header)} is given both as a value and from a Secret; keep the Secret one.`);
    }
    checkSecretRef(ref, `secretHttpHeaders.${header}`, 'datasource-token', [['key', ref?.key, 'token']], at);
    if (ref.prefix !== undefined && (typeof ref.prefix !== 'string' || /[\x00-\x1f\x7f$]/.test(ref.prefix))) {
      throw new ValidationError(at, `header ${header} prefix ${show(ref.prefix)} has control characters or '$'; give plain text such as "Bearer ".`);
    }
  }
}

/** The environment variable names of one datasource's Secret values: `GRAFANA_DS_<UID>_<PURPOSE>`. */
function secretEnvNames(d: GrafanaDatasourceDescriptor) {
  const prefix = `GRAFANA_DS_${String(d.uid).toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return {
    prefix,
    basicAuthUser: `${prefix}_BASIC_AUTH_USER`,
    basicAuthPassword: `${prefix}_BASIC_AUTH_PASSWORD`,
    tlsCaCert: `${prefix}_TLS_CA_CERT`,
    header: (index: number) => `${prefix}_HEADER_${index + 1}`,
  };
}

/** Grafana's provisioning reference to an environment variable. */
function envReference(name: string): string {
  return `$__env{${name}}`;
}

/** A container env `valueFrom` that reads one Secret key. */
export interface SecretKeyValueFrom {
  /** The Secret and key. */
  readonly secretKeyRef: { readonly name: string; readonly key: string };
}

/**
 * The environment variables Grafana's pod needs for the datasources' Secret values (basic auth, CA
 * certificates, secret headers), name → `valueFrom`, for the chart's `envValueFrom`. The provisioning
 * file names them as `$__env{NAME}`; the values never reach the chart values or Terraform state.
 */
export function datasourceSecretEnv(descriptors: readonly GrafanaDatasourceDescriptor[]): Record<string, SecretKeyValueFrom> {
  const env: Record<string, SecretKeyValueFrom> = {};
  const from = (ref: GrafanaSecretKey, key = ref.key): SecretKeyValueFrom => ({ secretKeyRef: { name: ref.secretName, key } });
  for (const d of descriptors) {
    const names = secretEnvNames(d);
    if (d.basicAuth) {
      env[names.basicAuthUser] = from({ secretName: d.basicAuth.secretName, key: d.basicAuth.userKey });
      env[names.basicAuthPassword] = from({ secretName: d.basicAuth.secretName, key: d.basicAuth.passwordKey });
    }
    if (d.tlsCaCert) env[names.tlsCaCert] = from(d.tlsCaCert);
    Object.values(d.secretHttpHeaders ?? {}).forEach((ref, index) => { env[names.header(index)] = from(ref); });
  }
  return env;
}

/**
 * Undoes, for the datasources' own Secret references only, the `$` doubling of Grafana-layer escaping
 * (`escapeDatasourceValue`): `$$__env{GRAFANA_DS_…}` becomes `$__env{GRAFANA_DS_…}` again, so Grafana
 * reads those variables; every other `$` stays literal. Apply it to the escaped provisioning value.
 */
export function restoreDatasourceSecretReferences<T>(escaped: T, descriptors: readonly GrafanaDatasourceDescriptor[]): T {
  const names = new Set(Object.keys(datasourceSecretEnv(descriptors)));
  if (names.size === 0) return escaped;
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\$\$__env\{([A-Z0-9_]+)\}/g, (whole, name: string) => (names.has(name) ? envReference(name) : whole));
    if (Array.isArray(value)) return value.map(restore);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
    return value;
  };
  return restore(escaped) as T;
}
