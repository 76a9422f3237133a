/** OTLP over gRPC, for SDKs and agents. */
export const OTLP_GRPC_PORT = 4317;
/** OTLP over HTTP, for SDKs and agents. */
export const OTLP_HTTP_PORT = 4318;
/** The collector's own metrics (its telemetry), which the pod's `prometheus.io/*` annotations point at. */
export const COLLECTOR_METRICS_PORT = 8888;
/** Span metrics for Prometheus (the prometheus exporter), which the Service's annotations point at. */
export const SPAN_METRICS_PORT = 8889;
