import { compareText } from '../core/compare-text';
import { IRulePack } from '../rules/rule-pack';
import { ALL_SEVERITIES } from '../rules/severity';
import { SloRulePack } from '../rules/slo/service-level-objective';
import { renderSloTable } from '../review/slo-table';

/** What the summary reads of an inherited alert (lib/prometheus/inherited's `InheritedAlert` fits). */
export interface SummaryInheritedAlert {
  /** The alert name. */
  readonly name: string;
  /** Its rule group in the chart. */
  readonly group: string;
  /** Its severity after overrides. */
  readonly severity: string;
  /** Its `team` label, when it has one. */
  readonly team?: string;
}

/**
 * The summary.md section on Prometheus rules: rule counts per pack (and of the rules inherited from
 * kube-prometheus-stack), every alert the cluster evaluates — own and inherited — by severity and team
 * with the total, and the SLOs (objective, period, error budget in minutes) of the SLO packs.
 */
export function renderRulesSummary(packs: readonly IRulePack[], inherited: readonly SummaryInheritedAlert[] = []): string {
  if (packs.length === 0 && inherited.length === 0) return 'No rule packs.';
  const lines = ['| pack | groups | alerts | recording rules |', '|---|---|---|---|'];
  const byKey = new Map<string, string[]>();
  const add = (severity: string, team: string | undefined, name: string) => {
    const key = `${severity}\u0000${team ?? '(no team)'}`;
    const names = byKey.get(key);
    if (names) names.push(name);
    else byKey.set(key, [name]);
  };
  let own = 0;
  for (const pack of packs) {
    const alerts = pack.ruleGroups.flatMap((g) => g.alertRules);
    const records = pack.ruleGroups.flatMap((g) => g.recordingRules);
    own += alerts.length;
    lines.push(`| ${pack.name} | ${pack.ruleGroups.length} | ${alerts.length} | ${records.length} |`);
    for (const alert of alerts) add(alert.severity, alert.team, alert.name);
  }
  if (inherited.length > 0) {
    lines.push(`| kube-prometheus-stack default rules (inherited) | ${new Set(inherited.map((a) => a.group)).size} | ${inherited.length} | (chart's) |`);
    // Marked, so that a reader tells the chart's alerts from the project's own.
    for (const alert of inherited) add(alert.severity, alert.team, `${alert.name}*`);
  }
  lines.push('', `The cluster evaluates ${own + inherited.length} alerting rules: ${own} own, ${inherited.length} inherited from kube-prometheus-stack (marked *; see docs/prometheus.md "Inherited rules").`);
  lines.push('', '| severity | team | count | alerts |', '|---|---|---|---|');
  const rank = (severity: string) => {
    const index = ALL_SEVERITIES.indexOf(severity as never);
    return index === -1 ? ALL_SEVERITIES.length : index;
  };
  const keys = [...byKey.keys()].sort((a, b) => {
    const [sa, ta] = a.split('\u0000');
    const [sb, tb] = b.split('\u0000');
    return rank(sa) - rank(sb) || compareText(sa, sb) || compareText(ta, tb);
  });
  for (const key of keys) {
    const [severity, team] = key.split('\u0000');
    const all = byKey.get(key)!;
    const names = [...new Set(all)].sort();
    lines.push(`| ${severity} | ${team} | ${all.length} | ${names.join(', ')} |`);
  }
  const slos = packs.filter((pack): pack is SloRulePack => pack instanceof SloRulePack).flatMap((pack) => [...pack.slos]);
  if (slos.length > 0) {
    lines.push('', '### Service level objectives', '', 'Error budget per period: how long the service may fail completely and still meet the objective.', '');
    lines.push(renderSloTable(slos));
  }
  return lines.join('\n');
}
