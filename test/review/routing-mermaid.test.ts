import { Route } from '../../lib/alertmanager/route';
import { escapeMermaidLabel, renderRoutingMermaid } from '../../lib/alertmanager/routing-mermaid';
import { buildExampleApp } from '../support/synth';

describe('routing tree as Mermaid', () => {
  test('escapes everything Mermaid or Markdown would read as syntax', () => {
    expect(escapeMermaidLabel('team=~"plat|form"')).toBe('team=#126;#34;plat#124;form#34;');
    expect(escapeMermaidLabel('a[b](c){d}<e>#f;`g`')).toBe('a#91;b#93;#40;c#41;#123;d#125;#60;e#62;#35;f#59;#96;g#96;');
    expect(escapeMermaidLabel('receiver: platform-slack, 1.2')).toBe('receiver: platform-slack, 1.2');
  });

  test('renders every route as a node, children numbered in the order Alertmanager tries them', () => {
    const root = new Route({
      receiver: 'default',
      groupBy: ['alertname'],
      routes: [
        {
          matchers: ['team=~"plat|form"'],
          receiver: 'platform-slack',
          routes: [
            { matchers: ['severity="critical"'], receiver: 'platform-pagerduty', continue: true },
            { matchers: ['severity="info"'], activeTimeIntervals: ['business-hours'] },
          ],
        },
        { matchers: ['alertname="Watchdog"'], receiver: 'null', muteTimeIntervals: ['weekends'] },
      ],
    });
    expect(renderRoutingMermaid(root)).toBe([
      '```mermaid',
      'flowchart LR',
      '  r0["all alerts #40;root#41;<br/>receiver: default<br/>group by: alertname"]',
      '  r1["team=#126;#34;plat#124;form#34;<br/>receiver: platform-slack"]',
      '  r2["severity=#34;critical#34;<br/>receiver: platform-pagerduty<br/>continue: also tries the next routes"]',
      '  r1 -->|"1"| r2',
      '  r3["severity=#34;info#34;<br/>receiver: platform-slack #40;inherited#41;<br/>active during: business-hours"]',
      '  r1 -->|"2"| r3',
      '  r0 -->|"1"| r1',
      '  r4["alertname=#34;Watchdog#34;<br/>receiver: null<br/>muted during: weekends"]',
      '  r0 -->|"2"| r4',
      '```',
    ].join('\n'));
  });

  test('the example prod routing tree renders one node per route, with no raw quote or bracket inside a label', () => {
    const prod = buildExampleApp().stacks.find((s) => s.node.id === 'monitoring-prod')!;
    const route = prod.alertmanager!.config.route;
    const text = renderRoutingMermaid(route);
    const nodes = text.split('\n').filter((l) => /^ {2}r\d+\[/.test(l));
    expect(nodes).toHaveLength(route.allRoutes().length);
    expect(nodes.length).toBeGreaterThan(10);
    for (const node of nodes) expect(node.slice(node.indexOf('["') + 2, -2)).not.toMatch(/["[\]`{}|]/);
    expect(text).toBe(renderRoutingMermaid(route));
  });
});
