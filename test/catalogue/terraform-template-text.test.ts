/**
 * `${` and `%{` in user text are not mistakes to refuse: a PromQL label_replace, a Grafana variable or a
 * shell snippet may need them. They must reach Terraform escaped (`$${`, `%%{`), so that Terraform
 * hands the literal text to the cluster instead of failing on (or, worse, evaluating) a template.
 */
import { TerraformStack, Testing, Token } from 'cdktf';
import { MonitoringNamespace } from '../../lib/namespace/monitoring-namespace';
import { Prometheus } from '../../lib/prometheus/prometheus';
import { Dashboard, serviceOverviewDashboard } from '../../lib/dashboards';
import { Receiver, SecretFile } from '../../lib/alertmanager';
import { MonitoringStack } from '../../lib/stack/monitoring-stack';
import { RuleGroup } from '../../lib/rules';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { synthJson } from '../support/synth';
import { alertRule, alertmanager, environment, grafana, policy, prometheus, slackWebhook, testStack } from './fixtures';

/** The synthesized text holds `literal` only in its escaped form, and unescaping gives it back. */
function expectEscaped(synthesized: string, literal: string): void {
  // Replacer functions: in a replacement string "$$" would mean one "$".
  const escaped = literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  expect(synthesized.includes(escaped)).toBe(true);
  // Once the escaped occurrences are taken out, no bare occurrence is left.
  expect(synthesized.split(escaped).join('').includes(literal)).toBe(false);
  expect(unescapeTerraformTemplate(synthesized).includes(literal)).toBe(true);
}

// JSON.stringify twice: the values are YAML inside JSON strings, so quotes are escaped once more.
const synthText = (construct: { node: { scope?: unknown } }) => JSON.stringify(synthJson((construct.node as any).scope));

describe('user text with ${ reaches Terraform escaped, never as a template', () => {
  test('AlertRule description with ${ (Prometheus rule pack values)', () => {
    const p = prometheus();
    p.addRuleGroup(new RuleGroup('spend.rules', { rules: [alertRule({ description: 'Spend is above ${budget} for %{tenant}' })] }));
    const text = synthText(p);
    expectEscaped(text, '${budget}');
    expectEscaped(text, '%{tenant}');
  });

  test('Slack title with ${ (Alertmanager configuration values)', () => {
    const config = policy({ lowPriority: Receiver.slack('low-priority', { channel: '#alerts-low', apiUrl: slackWebhook(), title: 'Cost ${team} {{ .CommonLabels.alertname }}' }) });
    const text = synthText(alertmanager({ config }));
    expectEscaped(text, '${team}');
  });

  test('Grafana dashboard title and ingress annotation with ${ (ConfigMap data and chart values)', () => {
    const g = grafana({ ingress: { host: 'grafana.example.com', annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': 'set $tenant ${tenant_header};' } } });
    const base = serviceOverviewDashboard({ service: 'checkout', namespace: 'shop', uid: 'svc-checkout' });
    g.addDashboard(Dashboard.fromJson({ ...base.json, title: 'Checkout ${env}' }), { folder: 'Services' });
    const text = synthText(g);
    expectEscaped(text, 'Checkout ${env}');
    expectEscaped(text, '${tenant_header}');
  });

  test('clusterName with ${ in an environment (Prometheus external labels)', () => {
    // Without the log shipper, which refuses it: Fluent Bit's own config syntax cannot carry "${".
    const stack = new MonitoringStack(Testing.app(), environment({ clusterName: 'qa-${region}', components: { logShipper: false } }));
    expectEscaped(JSON.stringify(synthJson(stack)), 'qa-${region}');
  });

  test('a SecretFile key never needs escaping: it is a file name, refused when it carries ${', () => {
    // '$' is a character no Secret name or key has, so the value is shown shortened like a pasted password.
    expect(() => SecretFile.from('alertmanager-slack', '${key}')).toThrow(
      'SecretFile.from("alertmanager-slack", "$…" (6 characters)): key "$…" (6 characters) is not a valid Secret key (at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." or ".."); name a key of the Secret, e.g. key: "platform-webhook".',
    );
  });
});

describe('a namespace given as a Terraform reference is left to Kubernetes', () => {
  test('a token passes the namespace check (known only at apply time)', () => {
    const namespace = new MonitoringNamespace(testStack(), 'namespace');
    const stack = namespace.node.scope as TerraformStack;
    const reference = namespace.resource.metadata.name;
    const p = new Prometheus(stack, 'prometheus', { namespace: reference });
    expect(p.namespace).toBe(reference);
    expect(Token.isUnresolved(p.namespace)).toBe(true);
  });
});
