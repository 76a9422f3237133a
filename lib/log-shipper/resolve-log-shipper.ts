import { checkNumberInRange, checkReleaseName } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { FluentBitPipeline, renderFluentBitPipeline } from './fluent-bit-pipeline';
import { ElasticsearchLogSink, ResolvedElasticsearchSink } from './elasticsearch-output';
import { LOG_SHIPPER_DEFAULTS } from './log-shipper-defaults';
import { LogShipperProps } from './log-shipper-props';

/** {@link LogShipperProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedLogShipper {
  /** The namespace as given, which the release waits for when this program creates it. */
  readonly namespace: INamespace;
  /** Helm release name (also the chart's fullname). */
  readonly releaseName: string;
  /** Where the shipper pushes (the Loki push target's URL). */
  readonly lokiPushUrl: string;
  /** The Secret and key the Datadog API key is read from (`DD_API_KEY`); undefined when shipping to Loki only. */
  readonly datadogApiKey?: { readonly name: string; readonly key: string };
  /** The Elasticsearch/OpenSearch sink, checked; undefined when there is none. */
  readonly elasticsearch?: ResolvedElasticsearchSink;
  /** Requests and limits of each Fluent Bit pod. */
  readonly resources: ResourceRequirements;
  /** The Fluent Bit configuration sections, checked and rendered once. */
  readonly pipeline: FluentBitPipeline;
}

/** The one place the log shipper's props are checked and defaulted; `path` names the construct in errors. */
export function resolveLogShipper(props: LogShipperProps, path: string): ResolvedLogShipper {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'fluent-bit', path);
  if (!props.loki || typeof props.loki.pushHost !== 'string' || !Number.isInteger(props.loki.pushPort)) {
    throw new ValidationError(path, `loki ${show(props.loki)} is not a Loki push target; pass the Loki construct (\`loki: loki\`).`);
  }
  const memBufLimitMB = checkNumberInRange(props.memBufLimitMB ?? 50, path, 'memBufLimitMB', { min: 5 });
  if (props.datadog !== undefined && (props.datadog === null || typeof props.datadog !== 'object')) {
    throw new ValidationError(path, `datadog ${show(props.datadog)} is not Datadog log options; pass { apiKeySecret: "datadog-keys" }, or leave it out.`);
  }
  if (props.datadog !== undefined) {
    checkSecretName(path, 'datadog.apiKeySecret', props.datadog.apiKeySecret, 'datadog-keys');
    if (props.datadog.apiKeySecretKey !== undefined) checkSecretKey(path, 'datadog.apiKeySecretKey', props.datadog.apiKeySecretKey, 'api-key');
  }
  if (props.elasticsearch !== undefined && !(props.elasticsearch instanceof ElasticsearchLogSink)) {
    throw new ValidationError(path, `elasticsearch ${show(props.elasticsearch)} is not a sink; pass ElasticsearchLogSink.elasticsearch({ url: "https://logs.example.com:9200", ... }) or .opensearch({...}), or leave it out.`);
  }
  const elasticsearch = props.elasticsearch?.resolve(path);
  const resources = validateResources(props.resources ?? LOG_SHIPPER_DEFAULTS.resources, `${path} resources`);
  const pipeline = renderFluentBitPipeline(
    { loki: props.loki, appLabel: props.appLabel ?? 'app', staticLabels: props.staticLabels ?? {}, memBufLimitMB, datadog: props.datadog, elasticsearch },
    path,
  );
  return {
    namespace,
    releaseName,
    lokiPushUrl: props.loki.lokiPushUrl,
    datadogApiKey: props.datadog ? { name: props.datadog.apiKeySecret, key: props.datadog.apiKeySecretKey ?? 'api-key' } : undefined,
    elasticsearch,
    resources,
    pipeline,
  };
}
