import { ValidationError } from '../../lib/core/validation-error';
import { ServiceLevelObjective } from '../../lib/rules/slo';
import { DEFAULT_ERROR_BUDGET_POLICY } from '../../lib/rules/slo/error-budget-policy';

const SPEC = `
version: "prometheus/v1"
service: "myservice"
labels:
  owner: "myteam"
slos:
  - name: "requests-availability"
    objective: 99.9
    description: "Availability."
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="myservice",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="myservice"}[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
      labels:
        category: "availability"
        team: "myteam"
      annotations:
        summary: "High error rate"
        runbook_url: "https://runbooks.example.org/myservice"
      page_alert:
        labels:
          severity: critical
          routing_key: myteam
      ticket_alert:
        disable: true
`;

function importError(text: string, options = {}): ValidationError {
  try {
    ServiceLevelObjective.fromSlothSpec(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the import to be refused');
}

describe('Sloth spec import', () => {
  test('a prometheus/v1 spec becomes the same SLO', () => {
    // GIVEN a Sloth spec WHEN imported
    const [slo] = ServiceLevelObjective.fromSlothSpec(SPEC);
    // THEN ids, objective, labels, alert name and options carry over
    expect([slo.id, slo.objectivePercent, slo.description, slo.alertName, slo.team]).toEqual(['myservice-requests-availability', 99.9, 'Availability.', 'MyServiceHighErrorRate', 'myteam']);
    expect(slo.labels).toEqual({ owner: 'myteam' });
    expect(slo.alertLabels).toEqual({ category: 'availability' });
    expect(slo.pageAlert).toEqual(expect.objectContaining({ enabled: true, severity: 'critical', labels: { routing_key: 'myteam' } }));
    expect(slo.ticketAlert.enabled).toBe(false);
    expect(slo.alertSummary).toBe('High error rate');
    expect(slo.runbookUrl).toBe('https://runbooks.example.org/myservice');
    const rules = slo.ruleGroup().toJSON().rules as Array<Record<string, unknown>>;
    expect(rules[0].expr).toBe('sum(rate(http_requests_total{job="myservice"}[5m]))');
    expect(rules.filter((r) => r.alert !== undefined).map((r) => (r.labels as Record<string, string>).sloth_severity).filter(Boolean)).toEqual(['page']);
  });

  test('the Kubernetes PrometheusServiceLevel form (camelCase, several documents) imports too', () => {
    const text = `
apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: a }
spec:
  service: "svc-a"
  slos:
    - name: "availability"
      objective: 99.5
      sli:
        events:
          errorQuery: sum(rate(x{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(x[{{.window}}]))
      alerting:
        name: SvcA
        pageAlert: { labels: { severity: critical } }
        ticketAlert: { labels: { severity: warning } }
---
apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: b }
spec:
  service: "svc-b"
  slos:
    - name: "ratio"
      objective: 99
      sli: { raw: { errorRatioQuery: "1 - avg(avg_over_time(up[{{.window}}]))" } }
`;
    const slos = ServiceLevelObjective.fromSlothSpec(text, { runbookBaseUrl: 'https://runbooks.example.org/slo' });
    expect(slos.map((s) => [s.id, s.sli.kind])).toEqual([['svc-a-availability', 'events'], ['svc-b-ratio', 'error-ratio']]);
  });

  test("nothing is added unless asked: only Sloth's page/ticket alerts, no runbook link the spec does not give", () => {
    // GIVEN the spec without its runbook_url, its page alert a warning
    const plain = SPEC.replace(/\n\s+runbook_url: [^\n]*/, '').replace('severity: critical', 'severity: warning');
    const [slo] = ServiceLevelObjective.fromSlothSpec(plain);
    // THEN its alerts are Sloth's (here the page alert only: the ticket is disabled), with no runbook
    const alerts = slo.ruleGroup().alertRules;
    expect(alerts.map((a) => [a.name, a.severity, a.labels.sloth_severity])).toEqual([['MyServiceHighErrorRate', 'warning', 'page']]);
    expect(alerts.map((a) => a.annotations.runbook_url)).toEqual([undefined]);

    // AND when asked, the budget-policy and absent-data alerts come, linking the spec's runbook
    const [asked] = ServiceLevelObjective.fromSlothSpec(SPEC, { errorBudgetAlerts: DEFAULT_ERROR_BUDGET_POLICY, absentAlert: {} });
    const names = [...new Set(asked.ruleGroup().alertRules.map((a) => a.name))];
    expect(names).toEqual(['MyServiceHighErrorRate', 'MyserviceRequestsAvailabilityErrorBudgetLow', 'MyserviceRequestsAvailabilitySliAbsent']);
    expect(new Set(asked.ruleGroup().alertRules.map((a) => a.annotations.runbook_url))).toEqual(new Set(['https://runbooks.example.org/myservice']));
    // AND a runbook base, when given, links every alert without the spec's link
    const [based] = ServiceLevelObjective.fromSlothSpec(plain, { runbookBaseUrl: 'https://rb.example.org/slo' });
    expect(based.ruleGroup().alertRules.map((a) => a.annotations.runbook_url)).toEqual(['https://rb.example.org/slo/my-service-high-error-rate']);
  });

  test('a critical alert without a runbook is refused with the fix, not linked to a page that does not exist', () => {
    const error = importError(SPEC.replace(/\n\s+runbook_url: [^\n]*/, ''));
    expect(error.path).toBe('SlothSpec > slos[0] > alerting > annotations > "runbook_url"');
    expect(error.message).toMatch(/undefined: the page_alert alert is critical[\s\S]*Add `runbook_url` under alerting.annotations[\s\S]*runbookBaseUrl/);
  });

  test('unsupported and bad fields are refused with where, what and the fix', () => {
    const plugin = importError(SPEC.replace(/sli:\n\s+events:[\s\S]*?total_query:[^\n]*\n/, 'sli:\n      plugin:\n        id: "sloth-common/availability"\n'));
    expect(plugin.path).toBe('SlothSpec > slos[0] > sli > plugin');
    expect(plugin.message).toMatch(/plugins cannot be imported[\s\S]*write the SLI as `events` or `raw`/);

    const unknown = importError(SPEC.replace('    objective: 99.9', '    objective: 99.9\n    time_window: 28d'));
    expect(unknown.path).toBe('SlothSpec > slos[0] > "time_window"');
    expect(unknown.message).toMatch(/not a supported field here; supported: "name", "objective"/);

    const severity = importError(SPEC.replace('severity: critical', 'severity: pageteam'));
    expect(severity.path).toBe('SlothSpec > slos[0] > alerting > page_alert > labels > "severity"');
    expect(severity.message).toMatch(/"pageteam" is not critical, warning or info[\s\S]*customSeverityLabel/);
    const [carried] = ServiceLevelObjective.fromSlothSpec(SPEC.replace('severity: critical', 'severity: pageteam'), { customSeverityLabel: 'route' });
    expect(carried.pageAlert.labels).toEqual({ routing_key: 'myteam', route: 'pageteam' });
    expect(carried.pageAlert.severity).toBe('critical');

    const objective = importError(SPEC.replace('objective: 99.9', 'objective: 100'));
    expect(objective.path).toBe('SlothSpec > slos[0] > ServiceLevelObjective "myservice/requests-availability" > objectivePercent');
    expect(objective.message).toContain('100');

    const window = importError(SPEC.replace('[{{.window}}]))\n        total', '[5m]))\n        total'));
    expect(window.path).toBe('SlothSpec > slos[0] > sli > events > Sli.events > errorQuery');
    expect(window.message).toMatch(/no \{\{\.window\}\} placeholder/);

    const version = importError(SPEC.replace('prometheus/v1', 'openslo/v1'));
    expect(version.path).toBe('SlothSpec > version');
    expect(version.message).toContain('"openslo/v1"');

    const labelValue = importError(SPEC.replace('owner: "myteam"', 'tier: 2'));
    expect(labelValue.message).toMatch(/value 2 is not a string; quote it/);
  });
});
