// A generated app at platform scale for `npm run bench` (issue 10 § 3): N services, each with two SLOs,
// the service health rule pack and a service dashboard, in one stack. Usage: scale-app.ts <outdir> <N>.
// As main.ts does: no source-mapped stack traces for the tokens cdktf creates.
process.setSourceMapsEnabled(false);
import { TerraformStack } from 'cdktf';
import { Grafana, MonitoringApp, Prometheus, ServiceHealthRules, ServiceLevelObjective, Sli, SloRulePack, serviceOverviewDashboard } from '../../lib';
import { ClusterProviders } from '../../lib/stack/cluster-providers';
import { reportUsage } from './report-usage';
import { timeFileWrites } from './write-time';

const started = performance.now(); // after module loading: the work that grows with the services
const writeMs = timeFileWrites();
const outdir = process.argv[2];
const services = Number(process.argv[3]);
if (!outdir || !Number.isInteger(services) || services < 1) throw new Error('usage: scale-app.ts <outdir> <services>');

const namespace = 'monitoring';
const app = new MonitoringApp({ outdir });
const stack = new TerraformStack(app, 'monitoring-scale');
new ClusterProviders(stack, 'cluster', { path: '~/.kube/config', context: '' });
const prometheus = new Prometheus(stack, 'prometheus', { namespace });
const grafana = new Grafana(stack, 'grafana', { namespace, adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus] });

for (let i = 0; i < services; i++) {
  const service = `svc-${String(i).padStart(4, '0')}`;
  const selector = { service };
  // One SLO pack per service, as a platform team gives each service its own: one PrometheusRule of
  // 2,000 SLOs would exceed Kubernetes' and Helm's ~1 MiB object limits.
  prometheus.addRules(new SloRulePack(`slo-${service}`, [
    new ServiceLevelObjective({
      service, name: 'availability', objectivePercent: 99.9, team: 'platform',
      sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector, errorSelector: { status_code: /5../ } }),
    }),
    new ServiceLevelObjective({
      service, name: 'latency', objectivePercent: 99, team: 'platform',
      sli: Sli.latency({ histogram: 'http_request_duration_seconds', selector, thresholdSeconds: 0.5 }),
    }),
  ]));
  prometheus.addRules(ServiceHealthRules.forServices({ name: `health-${service}`, team: 'platform', selector, runbookBaseUrl: 'https://runbooks.example.com/alerts' }));
  grafana.addDashboard(serviceOverviewDashboard({ service, namespace }), { folder: 'Services' });
}

app.synth();
reportUsage({ workMs: performance.now() - started, writeMs: writeMs() });
