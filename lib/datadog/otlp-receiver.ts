import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';

/** The OTLP ports every OpenTelemetry SDK and collector uses by default. */
export const DATADOG_OTLP_DEFAULT_PORTS = { grpc: 4317, http: 4318 } as const;

/** Options of {@link DatadogOtlpReceiver.inCluster}. */
export interface DatadogOtlpInClusterOptions {
  /** Accept OTLP/gRPC on container port 4317. @default true */
  readonly grpc?: boolean;
  /** Accept OTLP/HTTP on container port 4318. @default true */
  readonly http?: boolean;
  /** Also accept logs over OTLP (`datadog.otlp.logs.enabled`). @default false */
  readonly logs?: boolean;
}

/** Options of {@link DatadogOtlpReceiver.hostPorts}. */
export interface DatadogOtlpHostPortOptions {
  /** Host port (and container port) of OTLP/gRPC; omit to leave gRPC off. @default gRPC off */
  readonly grpcPort?: number;
  /** Host port (and container port) of OTLP/HTTP; omit to leave HTTP off. @default HTTP off */
  readonly httpPort?: number;
  /** Also accept logs over OTLP (`datadog.otlp.logs.enabled`). @default false */
  readonly logs?: boolean;
}

/** The OTLP receiver settings as resolved for the chart. */
export interface ResolvedDatadogOtlpReceiver {
  /** The OTLP/gRPC port, and whether it is also bound on the node; undefined when gRPC is off. */
  readonly grpc?: { readonly port: number; readonly hostPort: boolean };
  /** The OTLP/HTTP port, and whether it is also bound on the node; undefined when HTTP is off. */
  readonly http?: { readonly port: number; readonly hostPort: boolean };
  /** Whether logs are accepted over OTLP. */
  readonly logs: boolean;
}

/**
 * The agent's OTLP intake. The chart's own default binds HOST ports 4317/4318 on every node as soon
 * as OTLP is enabled, which collides with any other OTLP agent on the node (an OpenTelemetry
 * collector DaemonSet with hostPorts). Here the default is {@link inCluster}: container ports only,
 * reached through the chart's node-local Service (`internalTrafficPolicy: Local`), so nothing binds
 * node ports. {@link hostPorts} is explicit and its ports are checked against the host ports the
 * user declares as taken (`DatadogAgentProps.hostPortsInUse`) and against the agent's own.
 *
 * The stack's OpenTelemetry collector gateway is a Deployment without hostPorts, so neither choice
 * clashes with it; its Service `:4317` and the Datadog node-local Service `:4317` are different
 * Services.
 */
export class DatadogOtlpReceiver {
  /** No OTLP intake (the default). */
  public static off(): DatadogOtlpReceiver {
    return new DatadogOtlpReceiver('off', {});
  }

  /** OTLP on container ports 4317/4318 without host ports, through the node-local Service. */
  public static inCluster(options: DatadogOtlpInClusterOptions = {}): DatadogOtlpReceiver {
    return new DatadogOtlpReceiver('in-cluster', {
      grpcPort: options.grpc === false ? undefined : DATADOG_OTLP_DEFAULT_PORTS.grpc,
      httpPort: options.http === false ? undefined : DATADOG_OTLP_DEFAULT_PORTS.http,
      logs: options.logs,
    });
  }

  /**
   * OTLP on host ports of every node. Give ports that nothing else on the nodes binds; ports
   * 4317/4318 are refused when they are declared in use (e.g. by an OpenTelemetry agent DaemonSet).
   */
  public static hostPorts(options: DatadogOtlpHostPortOptions): DatadogOtlpReceiver {
    return new DatadogOtlpReceiver('host-ports', options);
  }

  private constructor(
    /** `off`, `in-cluster` or `host-ports`. */
    public readonly mode: 'off' | 'in-cluster' | 'host-ports',
    private readonly options: DatadogOtlpHostPortOptions,
  ) {}

  /**
   * Checks the ports and resolves the settings.
   * @param hostPortsInUse host ports other workloads bind on the nodes (declared by the user).
   * @param agentHostPorts host ports the agent itself binds (APM, DogStatsD), by name.
   */
  public resolve(where: string, hostPortsInUse: ReadonlyArray<number>, agentHostPorts: Readonly<Record<string, number>>): ResolvedDatadogOtlpReceiver {
    const logs = this.options.logs === true;
    if (this.mode === 'off') return { logs: false };
    const { grpcPort, httpPort } = this.options;
    if (grpcPort === undefined && httpPort === undefined) {
      throw new ValidationError(where, `otlp receiver has neither gRPC nor HTTP; enable one of them or use DatadogOtlpReceiver.off().`);
    }
    const hostPort = this.mode === 'host-ports';
    const seen = new Map<number, string>(Object.entries(agentHostPorts).map(([name, port]) => [port, name]));
    const check = (protocol: string, port: number | undefined) => {
      if (port === undefined) return undefined;
      checkNumberInRange(port, where, `otlp ${protocol} port`, { min: 1024, max: 65535 }, {
        requirement: 'is not a port from 1024 to 65535',
        hint: `; use e.g. ${protocol === 'grpc' ? 14317 : 14318}`,
      });
      if (hostPort) {
        if (hostPortsInUse.includes(port)) {
          throw new ValidationError(
            where,
            `otlp ${protocol} host port ${show(port)} is declared in use on the nodes (hostPortsInUse); the agent pod would not schedule. Pick a free host port (e.g. ${port + 10000}) or DatadogOtlpReceiver.inCluster(), which needs no host port.`,
          );
        }
        const owner = seen.get(port);
        if (owner !== undefined) {
          throw new ValidationError(where, `otlp ${protocol} host port ${show(port)} is already the agent's ${owner} port; pick another port.`);
        }
        seen.set(port, `OTLP ${protocol}`);
      }
      return { port, hostPort };
    };
    const grpc = check('grpc', grpcPort);
    const http = check('http', httpPort);
    if (grpc && http && grpc.port === http.port) {
      throw new ValidationError(where, `otlp gRPC and HTTP both use port ${show(grpc.port)}; give them different ports.`);
    }
    return { ...(grpc ? { grpc } : {}), ...(http ? { http } : {}), logs };
  }
}
