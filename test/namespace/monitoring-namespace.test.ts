import { Testing, TerraformStack } from 'cdktf';
import { MonitoringNamespace, PodSecurityLevel } from '../../lib';

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('MonitoringNamespace', () => {
  test('GIVEN defaults THEN a privileged-enforced namespace that warns and audits at restricted', () => {
    const json = synth((stack) => new MonitoringNamespace(stack, 'ns'));
    const [namespace] = Object.values(json.resource.kubernetes_namespace) as any[];
    expect(namespace.metadata.name).toBe('monitoring');
    expect(namespace.metadata.labels).toMatchObject({
      'app.kubernetes.io/part-of': 'monitoring',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('GIVEN a name, level and labels THEN they are set and exposed as attributes', () => {
    let ns!: MonitoringNamespace;
    const json = synth((stack) => {
      ns = new MonitoringNamespace(stack, 'ns', { name: 'observability', enforce: PodSecurityLevel.BASELINE, labels: { team: 'platform' } });
    });
    const [namespace] = Object.values(json.resource.kubernetes_namespace) as any[];
    expect(namespace.metadata.name).toBe('observability');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(namespace.metadata.labels.team).toBe('platform');
    expect(ns.namespaceName).toBe('observability');
    expect(ns.commonLabels).toEqual({ 'app.kubernetes.io/part-of': 'monitoring', team: 'platform' });
  });

  test.each<[string, object, RegExp]>([
    ['an invalid name', { name: 'Monitoring' }, /test\/ns: namespace name "Monitoring" is not a DNS-1123 label/],
    ['an unknown level', { enforce: 'strict' }, /test\/ns: enforce level "strict" is not a Pod Security Admission level; use one of privileged, baseline, restricted/],
    ['a bad label key', { labels: { 'bad key': 'x' } }, /test\/ns: label key "bad key" is not a Kubernetes label key; a label key is up to 63 letters, digits, '-', '_' and '\.', alphanumeric at both ends/],
    ['a bad label value', { labels: { team: 'platform team' } }, /test\/ns: label team="platform team" is not a Kubernetes label value; a label value is empty or up to 63 letters, digits, '-', '_' and '\.', alphanumeric at both ends/],
  ])('WHEN given %s THEN synth fails naming the construct path and value', (_, props, message) => {
    expect(() => synth((stack) => new MonitoringNamespace(stack, 'ns', props))).toThrow(message);
  });
});
