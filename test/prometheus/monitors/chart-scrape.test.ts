import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { MonitoringNamespace } from '../../../lib';
import { ChartScrape } from '../../../lib/prometheus/monitors/chart-scrape';
import { expectValidationError } from '../../support/refusal';
import { synthJson } from '../../support/synth';
import { stubScrapingPrometheus } from '../../support/scraping-prometheus';

describe('ChartScrape', () => {
  test('the release waits for the namespace and the first Prometheus; the same one again changes nothing; another one is refused', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const namespace = new MonitoringNamespace(stack, 'namespace');
    const release = new Release(stack, 'grafana', { name: 'grafana', chart: 'grafana' });
    const scrape = new ChartScrape('monitoring-test/grafana', release, namespace);
    const kps = stubScrapingPrometheus(stack);
    const dependsOn = () => synthJson(stack).resource.helm_release.grafana.depends_on;
    expect([scrape.enabled, dependsOn()]).toEqual([false, undefined]);
    scrape.by(kps);
    expect([scrape.enabled, dependsOn()]).toEqual([true, [expect.stringMatching(/^kubernetes_namespace\./), 'helm_release.prometheus-kube-prometheus-stack']]);
    const before = synthJson(stack);
    scrape.by(kps);
    expect(synthJson(stack)).toEqual(before);
    expectValidationError(() => scrape.by(stubScrapingPrometheus(stack, 'other')),
      'monitoring-test/grafana: is already scraped by the Prometheus release "kube-prometheus-stack"; one monitor serves every Prometheus that selects it, so call scrapedBy once.');
    expect(dependsOn()).toEqual(before.resource.helm_release.grafana.depends_on);
  });
});
