// The smallest useful cdktf app, one provider and one helm_release: the baseline of `npm run bench`.
import { App, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';

/** Builds and synthesizes the one-release app into `outdir`. */
export function synthOneReleaseApp(outdir: string): void {
  const app = new App({ outdir });
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
}
