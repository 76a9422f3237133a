import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertmanagerConfig, Receiver, SecretFile } from '../../lib/alertmanager';
import { alertLabelSets } from '../../lib/alertmanager/coverage-alert';
import { DEFAULT_ERROR_BUDGET_POLICY } from '../../lib/rules/slo/error-budget-policy';
import { ServiceLevelObjective, SloRulePack } from '../../lib/rules/slo';
import { describeWithTool, runTool, writeTempFiles } from '../support/tools';

// Sloth's getting-started spec (examples/getting-started.yml), as a Sloth user has it.
const SPEC = `
version: "prometheus/v1"
service: "myservice"
labels:
  owner: "myteam"
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
      labels:
        category: "availability"
      annotations:
        summary: "High error rate on 'myservice' requests responses"
      page_alert:
        labels:
          severity: pageteam
          routing_key: myteam
      ticket_alert:
        labels:
          severity: "slack"
          slack_channel: "#alerts-myteam"
`;
const OPTIONS = { customSeverityLabel: 'sloth_route', runbookBaseUrl: 'https://runbooks.example.org/slo' };

/**
 * The Alertmanager routing a Sloth user has: pages by `sloth_severity="page"` and the spec's
 * `routing_key`, tickets by `sloth_severity="ticket"` to the spec's Slack channel; anything else is
 * dropped (a blackhole root), which the coverage check reports.
 */
function slothUsersRouting(): AlertmanagerConfig {
  return new AlertmanagerConfig({
    receivers: [
      Receiver.none('blackhole'),
      Receiver.pagerDuty('myteam-pager', { routingKey: SecretFile.from('alertmanager-secrets', 'myteam-pd') }),
      Receiver.slack('myteam-tickets', { channel: '#alerts-myteam', apiUrl: SecretFile.from('alertmanager-secrets', 'slack') }),
    ],
    route: {
      receiver: 'blackhole',
      routes: [
        { matchers: ['sloth_severity="page"', 'routing_key="myteam"'], receiver: 'myteam-pager' },
        { matchers: ['sloth_severity="ticket"', 'slack_channel="#alerts-myteam"'], receiver: 'myteam-tickets' },
      ],
    },
  });
}

const imported = () => alertLabelSets(new SloRulePack('slo', ServiceLevelObjective.fromSlothSpec(SPEC, OPTIONS)).ruleGroups);

describe('imported Sloth SLOs route by Sloth\'s labels', () => {
  test('every imported alert is a Sloth page or ticket alert and reaches the receiver its sloth_severity names', () => {
    // GIVEN the imported SLO's alerts and the Sloth user's routing
    const config = slothUsersRouting();
    const alerts = imported();
    // THEN there are exactly Sloth's two alerts, with Sloth's labels (nothing added: no budget-policy
    // or absent-data alerts, which carry no sloth_severity and would fall into the blackhole)
    expect(alerts.map((a) => [a.labels.alertname, a.labels.sloth_severity])).toEqual([['MyServiceHighErrorRate', 'page'], ['MyServiceHighErrorRate', 'ticket']]);
    expect(alerts[0].labels).toMatchObject({ category: 'availability', routing_key: 'myteam', sloth_route: 'pageteam' });
    expect(alerts[1].labels).toMatchObject({ category: 'availability', slack_channel: '#alerts-myteam', sloth_route: 'slack' });
    // AND each reaches its receiver, so the coverage check (run at synth) passes
    expect(alerts.map((a) => config.matchingReceivers(a.labels))).toEqual([['myteam-pager'], ['myteam-tickets']]);
    expect(() => config.checkCoverage(alerts)).not.toThrow();
  });

  test('budget-policy alerts come only when asked, and then the Sloth routing does not cover them (the check says so)', () => {
    const asked = alertLabelSets(new SloRulePack('slo', ServiceLevelObjective.fromSlothSpec(SPEC, { ...OPTIONS, errorBudgetAlerts: DEFAULT_ERROR_BUDGET_POLICY })).ruleGroups);
    expect(asked.filter((a) => a.labels.error_budget_threshold !== undefined).length).toBeGreaterThan(0);
    expect(() => slothUsersRouting().checkCoverage(asked)).toThrow(/MyserviceRequestsAvailabilityErrorBudgetLow[\s\S]*notifies nobody/);
  });
});

describeWithTool('amtool', 'imported Sloth SLOs route by Sloth\'s labels (amtool)', () => {
  test('amtool config routes test sends each imported alert where its Sloth labels say', () => {
    const dir = writeTempFiles({});
    const file = join(dir, 'alertmanager.yaml');
    writeFileSync(file, slothUsersRouting().render());
    for (const [alert, receiver] of imported().map((a, i) => [a, ['myteam-pager', 'myteam-tickets'][i]] as const)) {
      const args = ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receiver}`];
      for (const [name, value] of Object.entries(alert.labels)) args.push(`${name}=${JSON.stringify(value)}`);
      const result = runTool('amtool', args);
      expect(result.stdout.trim()).toBe(receiver);
      expect(result.status).toBe(0);
    }
  });
});
