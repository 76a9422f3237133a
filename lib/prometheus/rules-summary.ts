import { IRulePack } from '../rules/rule-pack';
import { ALL_SEVERITIES } from '../rules/severity';
import { SloRulePack } from '../rules/slo/service-level-objective';
import { renderSloTable } from '../review/slo-table';

/**
 * The summary.md section on Prometheus rules: rule counts per pack, alerts by severity and team, and
 * the SLOs (objective, period, error budget in minutes) of the SLO packs.
 */
export function renderRulesSummary(packs: readonly IRulePack[]): string {
  if (packs.length === 0) return 'No rule packs.';
  const lines = ['| pack | groups | alerts | recording rules |', '|---|---|---|---|'];
  const byKey = new Map<string, string[]>();
  for (const pack of packs) {
    const alerts = pack.ruleGroups.flatMap((g) => g.alertRules);
    const records = pack.ruleGroups.flatMap((g) => g.recordingRules);
    lines.push(`| ${pack.name} | ${pack.ruleGroups.length} | ${alerts.length} | ${records.length} |`);
    for (const alert of alerts) {
      const key = `${alert.severity}\u0000${alert.team ?? '(no team)'}`;
      const names = byKey.get(key);
      if (names) names.push(alert.name);
      else byKey.set(key, [alert.name]);
    }
  }
  lines.push('', '| severity | team | alerts |', '|---|---|---|');
  const keys = [...byKey.keys()].sort((a, b) => {
    const [sa, ta] = a.split('\u0000');
    const [sb, tb] = b.split('\u0000');
    return ALL_SEVERITIES.indexOf(sa as never) - ALL_SEVERITIES.indexOf(sb as never) || (ta < tb ? -1 : ta > tb ? 1 : 0);
  });
  for (const key of keys) {
    const [severity, team] = key.split('\u0000');
    const names = [...new Set(byKey.get(key))].sort();
    lines.push(`| ${severity} | ${team} | ${names.join(', ')} |`);
  }
  const slos = packs.filter((pack): pack is SloRulePack => pack instanceof SloRulePack).flatMap((pack) => [...pack.slos]);
  if (slos.length > 0) {
    lines.push('', '### Service level objectives', '', 'Error budget per period: how long the service may fail completely and still meet the objective.', '');
    lines.push(renderSloTable(slos));
  }
  return lines.join('\n');
}
