// Baseline for `npm run bench`: the smallest useful cdktf app, one provider and one helm_release.
import { App, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { reportUsage } from './report-usage';

const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, 'minimal');
new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
new Release(stack, 'release', {
  name: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'kube-prometheus-stack',
  version: '88.5.3',
  namespace: 'monitoring',
});
app.synth();
reportUsage();
