import { Release } from '@cdktf/provider-helm/lib/release';
import { INamespace, dependsOnEntries } from '../../core/namespace';
import { ValidationError, show } from '../../core/validation-error';
import { IScrapingPrometheus } from './monitors';

/**
 * A chart component scraped through its chart's own ServiceMonitor or PodMonitor (`scrapedBy` of
 * Alertmanager, Grafana, Loki, the log shipper, the collector, the blackbox exporter): which Prometheus
 * scrapes it, and the release ordered after that Prometheus's release, which installs the CRDs the chart
 * needs to render the monitor (on an empty cluster the release would fail without them).
 */
export class ChartScrape {
  private scraper?: IScrapingPrometheus;

  /**
   * @param owner the component's construct path, for errors.
   * @param release the component's chart release.
   * @param namespace the component's namespace, which the release keeps waiting for.
   */
  constructor(private readonly owner: string, private readonly release: Release, private readonly namespace: INamespace) {}

  /** Whether a Prometheus scrapes the component (the chart's monitor is then on). */
  public get enabled(): boolean {
    return this.scraper !== undefined;
  }

  /** Records `prometheus` as the scraper; the same one again is a no-op, another one is refused. */
  public by(prometheus: IScrapingPrometheus): void {
    if (this.scraper !== undefined && this.scraper !== prometheus) {
      throw new ValidationError(this.owner, `is already scraped by the Prometheus release ${show(this.scraper.releaseName)}; one monitor serves every Prometheus that selects it, so call scrapedBy once.`);
    }
    this.scraper = prometheus;
    this.release.dependsOn = dependsOnEntries([this.namespace.resource, prometheus.release]);
  }
}
