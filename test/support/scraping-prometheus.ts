import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack } from 'cdktf';
import { Duration } from '../../lib/core/duration';
import type { IScrapingPrometheus } from '../../lib/prometheus/monitors/monitors';

/**
 * A stand-in for the Prometheus construct in `scrapedBy` tests: its release (`prometheus-<releaseName>`)
 * is a real Terraform resource to depend on, scraping every 30 s.
 */
export function stubScrapingPrometheus(stack: TerraformStack, releaseName = 'kube-prometheus-stack'): IScrapingPrometheus {
  const release = new Release(stack, `prometheus-${releaseName}`, { name: releaseName, chart: 'kube-prometheus-stack' });
  return { release, releaseName, scrapeInterval: Duration.seconds(30) };
}
