import { checkOptionalStringMap, isObjectMap, KUBERNETES_NAME, KUBERNETES_NAME_RULE } from './input-checks';
import { ANNOTATION_KEY_RULE, isAnnotationKey } from './kubernetes-labels';
import { checkSecretName } from './secret-reference';
import { ValidationError, show } from './validation-error';

/** An Ingress in front of a component's UI: the props every component with one shares. */
export interface IngressOptions {
  /**
   * Host name the Ingress serves, without scheme or path, e.g. `grafana.example.com`. Whether a
   * wildcard (`*.example.com`) is allowed depends on the component (see its own ingress type).
   */
  readonly host: string;
  /**
   * Name of an existing TLS Secret (`kubernetes.io/tls`) for the host; never the certificate itself.
   * @default no TLS (plain HTTP)
   */
  readonly tlsSecretName?: string;
  /**
   * IngressClass of the Ingress, e.g. `nginx`.
   * @default the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the Ingress (e.g. for cert-manager, the controller or an auth proxy); keys are
   * Kubernetes qualified names such as `nginx.ingress.kubernetes.io/proxy-body-size`.
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

/** What {@link checkIngressOptions} shows in its fixes, and whether the component accepts a wildcard host. */
export interface IngressCheckOptions {
  /** A host to show, e.g. `grafana.example.com`. */
  readonly exampleHost: string;
  /** A TLS Secret name to show, e.g. `grafana-tls`. */
  readonly exampleTlsSecret: string;
  /** Whether `*.example.com` is allowed (not where the host is also the URL the component links to). */
  readonly wildcardHost: boolean;
}

// A DNS name of at least two labels, at most 253 characters (Kubernetes' limit for Ingress hosts).
const HOST = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const WILDCARD = '*.';

/**
 * Checks an Ingress prop: a plain object, a DNS host (a wildcard only when the component allows one),
 * a TLS Secret name, an IngressClass name, and annotations with valid keys and string values.
 * @param where the construct path, for the error.
 * @param prop the prop's name as the caller wrote it, e.g. `ingress`.
 * @returns the ingress, unchanged.
 */
export function checkIngressOptions<T extends IngressOptions>(where: string, prop: string, ingress: T, options: IngressCheckOptions): T {
  const { exampleHost, exampleTlsSecret } = options;
  if (!isObjectMap(ingress)) {
    throw new ValidationError(where, `${prop} ${show(ingress)} is not an object; write e.g. ${prop}: { host: "${exampleHost}" }.`);
  }
  checkHost(where, `${prop}.host`, ingress.host, options);
  if (ingress.tlsSecretName !== undefined) checkSecretName(where, `${prop}.tlsSecretName`, ingress.tlsSecretName, exampleTlsSecret);
  const className = ingress.ingressClassName;
  if (className !== undefined && (typeof className !== 'string' || !KUBERNETES_NAME.test(className))) {
    throw new ValidationError(
      where,
      `${prop}.ingressClassName ${show(className)} is not a valid IngressClass name (${KUBERNETES_NAME_RULE}); name an existing IngressClass, e.g. ${prop}.ingressClassName: "nginx".`,
    );
  }
  const annotations = checkOptionalStringMap(ingress.annotations, where, `${prop}.annotations`, '{ "cert-manager.io/cluster-issuer": "letsencrypt" }');
  for (const key of Object.keys(annotations)) {
    if (!isAnnotationKey(key)) {
      throw new ValidationError(where, `${prop}.annotations key ${show(key)} is not a Kubernetes annotation key; ${ANNOTATION_KEY_RULE}.`);
    }
  }
  return ingress;
}

function checkHost(where: string, prop: string, host: unknown, options: IngressCheckOptions): void {
  const { exampleHost, wildcardHost } = options;
  const wildcard = typeof host === 'string' && host.startsWith(WILDCARD);
  if (wildcard && !wildcardHost) {
    throw new ValidationError(where, `${prop} ${show(host)} is a wildcard host, which this Ingress cannot serve; name one host, e.g. "${exampleHost}".`);
  }
  const name = wildcard ? (host as string).slice(WILDCARD.length) : host;
  if (typeof name !== 'string' || !HOST.test(name)) {
    const forms = wildcardHost ? `"${exampleHost}" or "*.${exampleHost.slice(exampleHost.indexOf('.') + 1)}"` : `"${exampleHost}"`;
    throw new ValidationError(where, `${prop} ${show(host)} is not a DNS host name; write e.g. ${forms} (lowercase, no scheme, no path, no port).`);
  }
}

/**
 * The chart values every Ingress here renders the same way: `enabled`, `ingressClassName` when set,
 * `annotations` and `hosts`, in that order. Each chart adds its own `tls` (and e.g. `pathType`) after them.
 */
export function ingressChartValues(ingress: IngressOptions): Record<string, unknown> {
  return {
    enabled: true,
    ...(ingress.ingressClassName ? { ingressClassName: ingress.ingressClassName } : {}),
    annotations: { ...(ingress.annotations ?? {}) },
    hosts: [ingress.host],
  };
}

/** The `tls` entry of an Ingress with a TLS Secret: the one host, served with that Secret's certificate. */
export function ingressTls(ingress: IngressOptions): Array<{ secretName: string; hosts: string[] }> {
  return ingress.tlsSecretName ? [{ secretName: ingress.tlsSecretName, hosts: [ingress.host] }] : [];
}
