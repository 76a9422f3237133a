/** Also send logs to Datadog. The API key comes only from an existing Secret. */
export interface DatadogLogsOutput {
  /** Name of an existing Secret holding the Datadog API key. */
  readonly apiKeySecret: string;
  /** Key of the API key in the Secret. @default 'api-key' (the Datadog chart's convention) */
  readonly apiKeySecretKey?: string;
  /** Datadog site, e.g. `datadoghq.com`, `datadoghq.eu`, `us5.datadoghq.com`. @default 'datadoghq.com' */
  readonly site?: string;
  /** Tags on every log (`env:prod`, `cluster:…`), as name → value. @default {} */
  readonly tags?: Record<string, string>;
}
