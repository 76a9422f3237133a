import { compareText } from '../core/compare-text';
import type { ILogRulePack } from '../loki/log-rule-pack';
import { ALL_SEVERITIES } from '../rules/severity';

/**
 * The summary.md section on Loki's LogQL rules: rule counts per pack, then every log alert by
 * severity (most urgent first) and team, so a reviewer sees who gets paged from logs.
 */
export function renderLogRulesSummary(packs: ReadonlyArray<ILogRulePack>): string {
  if (packs.length === 0) return 'No LogQL rules.';
  const lines = ['| pack | groups | alerts | recording rules |', '|---|---|---|---|'];
  const rows: Array<{ severity: string; team: string; alert: string; pack: string }> = [];
  for (const pack of packs) {
    const alerts = pack.ruleGroups.flatMap((group) => group.alertRules);
    const records = pack.ruleGroups.flatMap((group) => group.recordingRules);
    lines.push(`| ${pack.name} | ${pack.ruleGroups.length} | ${alerts.length} | ${records.length} |`);
    for (const rule of alerts) rows.push({ severity: rule.severity, team: rule.team ?? '(no team)', alert: rule.name, pack: pack.name });
  }
  if (rows.length === 0) return lines.join('\n');
  rows.sort(
    (a, b) =>
      ALL_SEVERITIES.indexOf(a.severity as never) - ALL_SEVERITIES.indexOf(b.severity as never) ||
      compareText(a.team, b.team) || compareText(a.alert, b.alert) || compareText(a.pack, b.pack),
  );
  lines.push('', '| severity | team | alert | pack |', '| --- | --- | --- | --- |');
  for (const row of rows) lines.push(`| ${row.severity} | ${row.team} | ${row.alert} | ${row.pack} |`);
  return lines.join('\n');
}
