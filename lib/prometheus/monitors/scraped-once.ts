import { ValidationError, show } from '../../core/validation-error';
import { IScrapingPrometheus } from './monitors';

/**
 * The rule of every `scrapedBy`: a component is scraped by one Prometheus. Its monitor (the chart's own, or a
 * typed ServiceMonitor or PodMonitor) already serves every Prometheus that selects it, so a second, different
 * Prometheus is refused rather than given a second monitor that would scrape the same pods again.
 */
export class ScrapedOnce<T = void> {
  private first?: { readonly prometheus: IScrapingPrometheus; readonly monitor: T };

  /**
   * @param owner the component's construct path, for errors.
   * @param monitorKind what scrapes the component (`ServiceMonitor`, `PodMonitor`, `monitor`), for errors.
   */
  constructor(private readonly owner: string, private readonly monitorKind: string) {}

  /** Whether a Prometheus scrapes the component. */
  public get enabled(): boolean {
    return this.first !== undefined;
  }

  /**
   * Has `prometheus` scrape the component: the first call runs `createMonitor` and returns its result; the
   * same Prometheus again returns that result without creating anything; another Prometheus is refused.
   */
  public by(prometheus: IScrapingPrometheus, createMonitor: () => T): T {
    if (this.first !== undefined) {
      if (this.first.prometheus === prometheus) return this.first.monitor;
      throw new ValidationError(this.owner, `is already scraped by the Prometheus release ${show(this.first.prometheus.releaseName)}; one ${this.monitorKind} serves every Prometheus that selects it, so call scrapedBy once.`);
    }
    // Recorded only once the monitor exists: a refused monitor (e.g. a bad name) leaves the component unscraped.
    const monitor = createMonitor();
    this.first = { prometheus, monitor };
    return monitor;
  }
}
