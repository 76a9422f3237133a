import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';

/** The prober a {@link BlackboxModule} uses. */
export const BlackboxProber = {
  HTTP: 'http',
  TCP: 'tcp',
  ICMP: 'icmp',
  GRPC: 'grpc',
} as const;
/** One {@link BlackboxProber} value. */
export type BlackboxProber = (typeof BlackboxProber)[keyof typeof BlackboxProber];

/** Options every module takes. */
export interface BlackboxModuleOptions {
  /** The module's name, which a Probe's `module` names. @default the prober's usual name (`http_2xx`, `tcp_connect`, `icmp`, `grpc`) */
  readonly name?: string;
  /** How long a probe may take (at most 60s; Prometheus's scrape timeout also bounds it). @default 5s */
  readonly timeout?: DurationLike;
  /** The IP protocol tried first when a name resolves to both. @default 'ip4' */
  readonly preferredIpProtocol?: 'ip4' | 'ip6';
}

/** Options of {@link BlackboxModule.http2xx}. */
export interface HttpModuleOptions extends BlackboxModuleOptions {
  /** The status codes that count as success. @default any 2xx */
  readonly validStatusCodes?: ReadonlyArray<number>;
  /** The request method. @default 'GET' */
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'OPTIONS';
  /** Follow redirects. @default true */
  readonly followRedirects?: boolean;
  /** Fail when the final response is not over TLS. @default false */
  readonly failIfNotSsl?: boolean;
}

/** Options of {@link BlackboxModule.tcpConnect}. */
export interface TcpModuleOptions extends BlackboxModuleOptions {
  /** Start TLS right after connecting (and expose the certificate's expiry). @default false */
  readonly tls?: boolean;
}

/** Options of {@link BlackboxModule.icmp}. */
export type IcmpModuleOptions = BlackboxModuleOptions;

/** Options of {@link BlackboxModule.grpc}. */
export interface GrpcModuleOptions extends BlackboxModuleOptions {
  /** The service the gRPC health check asks about. @default '' (the server as a whole) */
  readonly service?: string;
  /** Connect with TLS. @default false */
  readonly tls?: boolean;
}

const MODULE_NAME = /^[A-Za-z0-9_-]+$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'];

/**
 * A module of the blackbox exporter: a prober (HTTP, TCP, ICMP, gRPC) with its settings, rendered to
 * the exporter's `config.modules` format. Options are checked when the exporter resolves its props,
 * so errors name the exporter's construct path.
 */
export class BlackboxModule {
  /** An HTTP(S) check that succeeds on a 2xx (or the listed) status. */
  public static http2xx(options: HttpModuleOptions = {}): BlackboxModule {
    return new BlackboxModule(BlackboxProber.HTTP, 'http_2xx', options);
  }

  /** A TCP connect (optionally TLS) check. */
  public static tcpConnect(options: TcpModuleOptions = {}): BlackboxModule {
    return new BlackboxModule(BlackboxProber.TCP, 'tcp_connect', options);
  }

  /** An ICMP echo (ping) check; the exporter's pods get the `net.ipv4.ping_group_range` sysctl so it runs without NET_RAW. */
  public static icmp(options: IcmpModuleOptions = {}): BlackboxModule {
    return new BlackboxModule(BlackboxProber.ICMP, 'icmp', options);
  }

  /** A gRPC health check (grpc.health.v1). */
  public static grpc(options: GrpcModuleOptions = {}): BlackboxModule {
    return new BlackboxModule(BlackboxProber.GRPC, 'grpc', options);
  }

  /** The module's name, as a Probe's `module` names it. */
  public readonly name: string;

  private constructor(
    /** The prober the module uses. */
    public readonly prober: BlackboxProber,
    defaultName: string,
    private readonly options: HttpModuleOptions & TcpModuleOptions & GrpcModuleOptions,
  ) {
    this.name = options?.name ?? defaultName;
  }

  /** The module's entry of the exporter's `config.modules`, checked; `where` names the exporter in errors. */
  public render(where: string): Record<string, unknown> {
    const o = this.options ?? {};
    const what = `module ${show(this.name)}`;
    if (typeof this.name !== 'string' || !MODULE_NAME.test(this.name)) {
      throw new ValidationError(where, `module name ${show(this.name)} is not allowed; use letters, digits, '_' and '-', e.g. "http_2xx".`);
    }
    const timeout = o.timeout === undefined ? Duration.seconds(5) : toDuration(o.timeout, `${where} ${what} timeout`);
    if (timeout.totalMilliseconds <= 0 || timeout.totalMilliseconds > 60_000) {
      throw new ValidationError(where, `${what}: timeout ${show(o.timeout)} must be more than 0 and at most 60s; write e.g. "5s".`);
    }
    const ipProtocol = o.preferredIpProtocol ?? 'ip4';
    if (ipProtocol !== 'ip4' && ipProtocol !== 'ip6') {
      throw new ValidationError(where, `${what}: preferredIpProtocol ${show(o.preferredIpProtocol)} must be "ip4" or "ip6".`);
    }
    const base = { prober: this.prober, timeout: timeout.toPrometheus() };
    switch (this.prober) {
      case BlackboxProber.HTTP: {
        const codes = o.validStatusCodes ?? [];
        if (!Array.isArray(codes) || codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599)) {
          throw new ValidationError(where, `${what}: validStatusCodes ${show(o.validStatusCodes)} must be HTTP status codes (100-599), e.g. [200, 204].`);
        }
        const method = o.method ?? 'GET';
        if (!METHODS.includes(method)) {
          throw new ValidationError(where, `${what}: method ${show(o.method)} is not one of ${METHODS.join(', ')}.`);
        }
        checkBoolean(o.followRedirects, where, what, 'followRedirects');
        checkBoolean(o.failIfNotSsl, where, what, 'failIfNotSsl');
        return {
          ...base,
          http: {
            valid_http_versions: ['HTTP/1.1', 'HTTP/2.0'],
            ...(codes.length > 0 ? { valid_status_codes: [...codes] } : {}),
            method,
            follow_redirects: o.followRedirects ?? true,
            ...(o.failIfNotSsl ? { fail_if_not_ssl: true } : {}),
            preferred_ip_protocol: ipProtocol,
          },
        };
      }
      case BlackboxProber.TCP:
        checkBoolean(o.tls, where, what, 'tls');
        return { ...base, tcp: { preferred_ip_protocol: ipProtocol, ...(o.tls ? { tls: true } : {}) } };
      case BlackboxProber.ICMP:
        return { ...base, icmp: { preferred_ip_protocol: ipProtocol } };
      case BlackboxProber.GRPC:
        checkBoolean(o.tls, where, what, 'tls');
        if (o.service !== undefined && (typeof o.service !== 'string' || /\s/.test(o.service))) {
          throw new ValidationError(where, `${what}: service ${show(o.service)} is not a gRPC service name; write e.g. "shop.Checkout", or leave it out for the whole server.`);
        }
        return { ...base, grpc: { service: o.service ?? '', tls: o.tls ?? false, preferred_ip_protocol: ipProtocol } };
    }
  }
}

function checkBoolean(value: unknown, where: string, what: string, prop: string): void {
  if (value !== undefined && typeof value !== 'boolean') throw new ValidationError(where, `${what}: ${prop} ${show(value)} must be true or false.`);
}
