import { TerraformStack, Testing } from 'cdktf';
import { Prometheus, ServiceLevelObjective, Sli, SloRulePack } from '../../lib';

/** What one SLO edit changes in the Terraform JSON of an environment's SLO pack. */
export interface PlanSize {
  /** SLOs in the pack. */
  readonly slos: number;
  /** Bytes of the Terraform JSON values that differ after the edit (their new text). */
  readonly changedBytes: number;
  /** How many values (JSON leaves) differ. */
  readonly changedValues: number;
  /** Bytes of all the pack release's values: what one edit rewrote when the pack was one values text. */
  readonly packBytes: number;
}

/** The Terraform JSON of one Prometheus with one SLO pack of `count` services, the first one's objective given. */
function synth(count: number, firstObjective: number): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'plan-size');
  const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
  const slos = Array.from({ length: count }, (_, i) => {
    const service = `svc-${String(i).padStart(2, '0')}`;
    return new ServiceLevelObjective({
      service, name: 'availability', objectivePercent: i === 0 ? firstObjective : 99.9, team: 'platform',
      sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service }, errorSelector: { status_code: /5../ } }),
    });
  });
  prometheus.addRules(new SloRulePack('slo', slos));
  return JSON.parse(Testing.synth(stack));
}

function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) leaves(child, `${path}/${key}`, out);
  else out.set(path, value);
  return out;
}

/**
 * Issue 18 § 3, plan size: an environment's SLO pack of `count` SLOs synthesized twice, the second
 * time with one SLO's objective changed (99.9 % → 99.5 %); measures what differs in the Terraform JSON.
 */
export function measurePlanSize(count = 20): PlanSize {
  const before = leaves(synth(count, 99.9), '', new Map());
  const after = leaves(synth(count, 99.5), '', new Map());
  const changed = [...after.keys()].filter((path) => before.get(path) !== after.get(path));
  const packBytes = [...after.entries()]
    .filter(([path]) => /\/helm_release\/prometheus_rules-slo_release_[^/]+\/values\//.test(path))
    .reduce((sum, [, text]) => sum + String(text).length, 0);
  return {
    slos: count,
    changedBytes: changed.reduce((sum, path) => sum + String(after.get(path)).length, 0),
    changedValues: changed.length,
    packBytes,
  };
}
