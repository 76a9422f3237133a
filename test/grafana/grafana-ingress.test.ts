import { TerraformStack, Testing } from 'cdktf';
import { Grafana, GrafanaIngress, GrafanaProps } from '../../lib/grafana';
import { releaseValues } from '../support/synth';
import { refusal } from '../support/refusal';

// Grafana's Ingress goes through the shared checkIngressOptions (as Jaeger's does), plus its own
// ingressNamespace; its host is also the root URL, so no wildcard.

const WHERE = 'monitoring-test/grafana';

function build(ingress: GrafanaIngress, props: Partial<GrafanaProps> = {}): Grafana {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  return new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, ingress, ...props });
}

describe('Grafana ingress', () => {
  test('refuses an IngressClass name Kubernetes would refuse (it was passed to the chart unchecked)', () => {
    const error = refusal(() => build({ host: 'grafana.example.com', ingressClassName: 'Nginx Internal' }));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(
      `${WHERE}: ingress.ingressClassName "Nginx Internal" is not a valid IngressClass name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit); name an existing IngressClass, e.g. ingress.ingressClassName: "nginx".`,
    );
  });

  test('refuses a wildcard host: it would become the root URL', () => {
    const error = refusal(() => build({ host: '*.example.com' }));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(`${WHERE}: ingress.host "*.example.com" is a wildcard host, which this Ingress cannot serve; name one host, e.g. "grafana.example.com".`);
  });

  test('refuses a bad annotation key with the path, the key and the fix', () => {
    const error = refusal(() => build({ host: 'grafana.example.com', annotations: { 'cert-manager.io/cluster issuer': 'letsencrypt' } }));
    expect(error.path).toBe(WHERE);
    expect(error.message).toContain(`${WHERE}: ingress.annotations key "cert-manager.io/cluster issuer" is not a Kubernetes annotation key;`);
    expect(error.message).toContain('e.g. "cert-manager.io/cluster-issuer"');
  });

  test('still refuses a bad ingressNamespace with its own message', () => {
    const error = refusal(() => build({ host: 'grafana.example.com', ingressNamespace: 'Ingress_Nginx' }));
    expect(error.message).toBe(`${WHERE}: ingress.ingressNamespace "Ingress_Nginx" is not a namespace name; name the namespace of the ingress controller, e.g. "ingress-nginx".`);
  });

  test('renders enabled, class, annotations, hosts and tls in that order, with an empty tls list without TLS', () => {
    const withClass = releaseValues(build({ host: 'grafana.example.com', ingressClassName: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } })) as any;
    expect(Object.keys(withClass.ingress)).toEqual(['enabled', 'ingressClassName', 'annotations', 'hosts', 'tls']);
    expect(withClass.ingress).toEqual({
      enabled: true, ingressClassName: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, hosts: ['grafana.example.com'], tls: [],
    });
  });
});
