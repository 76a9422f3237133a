/**
 * The typed reference to something that accepts OTLP traces (the Jaeger construct), so that the
 * OpenTelemetry collector is wired to it without copied URL strings.
 */
export interface IOtlpTracesBackend {
  /** Kubernetes namespace of the backend's Service. */
  readonly namespace: string;
  /** Service name. */
  readonly serviceName: string;
  /** OTLP over gRPC as `host:port` (what the collector's `otlp` exporter takes), e.g. `jaeger.monitoring.svc:4317`. */
  readonly otlpGrpcEndpoint: string;
  /** OTLP over HTTP base URL, e.g. `http://jaeger.monitoring.svc:4318`. */
  readonly otlpHttpEndpoint: string;
}
