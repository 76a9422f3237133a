import { TerraformStack, Testing } from 'cdktf';
import { Dashboard } from '../../lib/dashboards';
import { Grafana } from '../../lib/grafana';
import { refusal } from '../support/refusal';

// addDashboard names the dashboard's ConfigMap `<release>-dashboard-<uid>` and checks it with the shared
// KUBERNETES_NAME. Dashboard refuses a uid with '.', so only a plain object (a JavaScript caller) reaches it.

function grafana(): Grafana {
  return new Grafana(new TerraformStack(Testing.app(), 'monitoring-test'), 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' } });
}

describe('Grafana dashboard ConfigMap names', () => {
  test.each([['two dots in a row', 'team..api'], ['a dot before a dash', 'team.-api'], ['a dash before a dot', 'team-.api']])(
    'refuses a uid giving a ConfigMap name with %s, with the path, the value and the fix',
    (_, uid) => {
      const error = refusal(() => grafana().addDashboard({ uid } as unknown as Dashboard, { folder: 'Services' }));
      expect(error.path).toBe(`monitoring-test/grafana dashboard "${uid}"`);
      expect(error.message).toBe(
        `monitoring-test/grafana dashboard "${uid}": uid "${uid}" gives the ConfigMap name "grafana-dashboard-${uid}", which Kubernetes refuses; use letters, digits and '-' in the uid.`,
      );
    },
  );
});
