import { refuseCredentialAsSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';

/** Props shared by every remote_write target. */
export interface RemoteWriteCommonProps {
  /** Push URL, e.g. `https://mimir.example.com/api/v1/push`. */
  readonly url: string;
  /**
   * Label matchers (`{__name__=~"slo:.*"}` style regexes on metric names) of series to send; all when empty.
   * @default every series
   */
  readonly metricNameRegex?: string;
}

/** Grafana Mimir, optionally multi-tenant. */
export interface MimirRemoteWriteProps extends RemoteWriteCommonProps {
  /**
   * Existing Secret with keys `username` and `password` for basic auth.
   * @default no authentication
   */
  readonly basicAuthSecret?: string;
  /**
   * Tenant, sent as `X-Scope-OrgID`.
   * @default no tenant header (Mimir's `anonymous` tenant when multi-tenancy is off)
   */
  readonly tenant?: string;
}

/** Thanos Receive. */
export interface ThanosReceiveRemoteWriteProps extends RemoteWriteCommonProps {
  /**
   * Existing Secret with key `token`, sent as a bearer token.
   * @default no authentication
   */
  readonly bearerTokenSecret?: string;
  /**
   * Tenant, sent as `THANOS-TENANT`.
   * @default Thanos's default tenant
   */
  readonly tenant?: string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * A remote_write target. Credentials are never values: they are read by Prometheus from an existing
 * Kubernetes Secret in Prometheus's namespace.
 */
export class RemoteWrite {
  /** Grafana Mimir (or any Cortex-style endpoint) with optional basic auth and tenant. */
  public static mimir(props: MimirRemoteWriteProps): RemoteWrite {
    const spec: Record<string, unknown> = { url: props.url };
    if (props.tenant) spec.headers = { 'X-Scope-OrgID': props.tenant };
    if (props.basicAuthSecret) {
      spec.basicAuth = {
        username: { name: props.basicAuthSecret, key: 'username' },
        password: { name: props.basicAuthSecret, key: 'password' },
      };
    }
    return new RemoteWrite('mimir', props, spec, props.basicAuthSecret);
  }

  /** Thanos Receive, with optional bearer token and tenant. */
  public static thanosReceive(props: ThanosReceiveRemoteWriteProps): RemoteWrite {
    const spec: Record<string, unknown> = { url: props.url };
    if (props.tenant) spec.headers = { 'THANOS-TENANT': props.tenant };
    if (props.bearerTokenSecret) {
      spec.authorization = { type: 'Bearer', credentials: { name: props.bearerTokenSecret, key: 'token' } };
    }
    return new RemoteWrite('thanos-receive', props, spec, props.bearerTokenSecret);
  }

  private constructor(
    /** `mimir` or `thanos-receive`. */
    public readonly kind: string,
    private readonly props: RemoteWriteCommonProps,
    private readonly spec: Record<string, unknown>,
    private readonly secretName?: string,
  ) {}

  /** The URL, for the summary. */
  public get url(): string {
    return this.props.url;
  }

  /** The prometheus-operator RemoteWriteSpec; `where` names the construct for errors. */
  public render(where: string): Record<string, unknown> {
    let url: URL | undefined;
    try {
      url = new URL(this.props.url);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new ValidationError(where, `remote_write URL ${show(this.props.url)} is not an http(s) URL; write e.g. "https://mimir.example.com/api/v1/push".`);
    }
    if (url.username || url.password) {
      throw new ValidationError(where, `remote_write URL ${show(url.origin)} carries credentials; put them in an existing Secret and pass its name (basicAuthSecret / bearerTokenSecret).`);
    }
    refuseCredentialAsSecretName(this.secretName, where, this.kind === 'mimir' ? 'basicAuthSecret' : 'bearerTokenSecret', 'remote-write-auth');
    if (this.secretName !== undefined && (typeof this.secretName !== 'string' || !DNS_SUBDOMAIN.test(this.secretName))) {
      throw new ValidationError(where, `Secret name ${show(this.secretName)} is not a valid Kubernetes name; use lowercase letters, digits, '-' and '.'.`);
    }
    const spec = { ...this.spec };
    if (this.props.metricNameRegex !== undefined) {
      try {
        new RegExp(this.props.metricNameRegex);
      } catch {
        throw new ValidationError(where, `metricNameRegex ${show(this.props.metricNameRegex)} is not a valid regular expression.`);
      }
      spec.writeRelabelConfigs = [{ sourceLabels: ['__name__'], regex: this.props.metricNameRegex, action: 'keep' }];
    }
    return spec;
  }
}
