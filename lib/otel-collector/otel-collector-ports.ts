/** OTLP over gRPC, for SDKs and agents. */
export const OTLP_GRPC_PORT = 4317;
/** OTLP over HTTP, for SDKs and agents. */
export const OTLP_HTTP_PORT = 4318;
/** The collector's own metrics (its telemetry), scraped by the chart's ServiceMonitor (job `OtelCollector.metricsJob`, after `scrapedBy`; else its prometheus.io pod annotations). */
export const COLLECTOR_METRICS_PORT = 8888;
/** Span metrics for Prometheus (the prometheus exporter), scraped by the chart's ServiceMonitor (job `OtelCollector.spanMetricsJob`, after `scrapedBy`; else the Service's prometheus.io annotations). */
export const SPAN_METRICS_PORT = 8889;
