import { TerraformStack, Testing } from 'cdktf';
import {
  IRulePack, Prometheus, RecordingRule, RuleGroup, ServiceLevelObjective, Sli, SloRulePack,
} from '../../lib';
import { MAX_PROMETHEUS_RULE_BYTES, PrometheusRuleRelease } from '../../lib/prometheus/prometheus-rules';
import { refusal } from '../support/refusal';

// One pack is one PrometheusRule; above ~1 MiB Kubernetes (and the operator's rule ConfigMap) refuse it,
// so Prometheus.addRules refuses it first, naming the pack and its size.
function build() {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  return new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
}

/** A pack of one recording rule whose label carries `padding` characters. */
function paddedPack(padding: number): IRulePack {
  const rule = new RecordingRule({ record: 'padding:one', expr: 'vector(1)', labels: { padding: 'x'.repeat(padding) } });
  return { name: 'padded', ruleGroups: [new RuleGroup('padded', { rules: [rule] })] };
}

function manifestBytes(pack: IRulePack): number {
  return Buffer.byteLength(JSON.stringify(PrometheusRuleRelease.manifest(pack, 'monitoring', 'kube-prometheus-stack')));
}


describe('Prometheus.addRules size limit', () => {
  test('GIVEN a pack of exactly 1 MiB THEN it is added; one byte more THEN it is refused with the pack and the size', () => {
    const padding = MAX_PROMETHEUS_RULE_BYTES - manifestBytes(paddedPack(0));
    expect(manifestBytes(paddedPack(padding))).toBe(MAX_PROMETHEUS_RULE_BYTES);
    expect(() => build().addRules(paddedPack(padding))).not.toThrow();

    const prometheus = build();
    const error = refusal(() => prometheus.addRules(paddedPack(padding + 1)));
    expect(error.path).toBe('monitoring-test/prometheus');
    expect(error.message).toContain('rule pack "padded"');
    expect(error.message).toContain(`${MAX_PROMETHEUS_RULE_BYTES + 1} bytes`);
    expect(error.message).toContain('split it into several packs');
    // Nothing of the refused pack is left behind.
    expect(prometheus.rulePacks()).toEqual([]);
    expect(prometheus.node.tryFindChild('rules-padded')).toBeUndefined();
  });

  test('GIVEN the SLOs of 100 services in one pack THEN it is refused; one pack per service THEN all are added', () => {
    const slos = Array.from({ length: 100 }, (_, i) => new ServiceLevelObjective({
      service: `svc-${i}`, name: 'availability', objectivePercent: 99.9,
      sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: `svc-${i}` }, errorSelector: { status_code: /5../ } }),
    }));
    const error = refusal(() => build().addRules(new SloRulePack('slo', slos)));
    expect(error.message).toMatch(/rule pack "slo" makes a PrometheusRule of \d{7} bytes/);

    const prometheus = build();
    for (const slo of slos) prometheus.addRules(slo.toRulePack());
    expect(prometheus.rulePacks()).toHaveLength(100);
  });
});
