import { Release } from '@cdktf/provider-helm/lib/release';
import { INamespace, dependsOnEntries } from '../../core/namespace';
import { IScrapingPrometheus } from './monitors';
import { ScrapedOnce } from './scraped-once';

/**
 * A chart component scraped through its chart's own ServiceMonitor or PodMonitor (`scrapedBy` of
 * Alertmanager, Grafana, Loki, the log shipper, the collector, the blackbox exporter): which Prometheus
 * scrapes it, and the release ordered after that Prometheus's release, which installs the CRDs the chart
 * needs to render the monitor (on an empty cluster the release would fail without them).
 */
export class ChartScrape {
  private readonly scraped: ScrapedOnce;

  /**
   * @param owner the component's construct path, for errors.
   * @param release the component's chart release.
   * @param namespace the component's namespace, which the release keeps waiting for.
   */
  constructor(owner: string, private readonly release: Release, private readonly namespace: INamespace) {
    this.scraped = new ScrapedOnce(owner, 'monitor');
  }

  /** Whether a Prometheus scrapes the component (the chart's monitor is then on). */
  public get enabled(): boolean {
    return this.scraped.enabled;
  }

  /** Records `prometheus` as the scraper; the same one again is a no-op, another one is refused. */
  public by(prometheus: IScrapingPrometheus): void {
    this.scraped.by(prometheus, () => {
      this.release.dependsOn = dependsOnEntries([this.namespace.resource, prometheus.release]);
    });
  }
}
