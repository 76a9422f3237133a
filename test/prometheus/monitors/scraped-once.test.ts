import { TerraformStack, Testing } from 'cdktf';
import { ScrapedOnce } from '../../../lib/prometheus/monitors/scraped-once';
import { expectValidationError } from '../../support/refusal';
import { stubScrapingPrometheus } from '../../support/scraping-prometheus';

const REFUSED = 'monitoring-test/jaeger: is already scraped by the Prometheus release "kube-prometheus-stack"; one ServiceMonitor serves every Prometheus that selects it, so call scrapedBy once.';

describe('ScrapedOnce', () => {
  test('the first Prometheus creates the monitor; the same one again returns it without creating another; another one is refused', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const kps = stubScrapingPrometheus(stack);
    const scraped = new ScrapedOnce<{ id: number }>('monitoring-test/jaeger', 'ServiceMonitor');
    let created = 0;
    const create = () => ({ id: ++created });
    expect(scraped.enabled).toBe(false);
    const monitor = scraped.by(kps, create);
    expect([monitor, scraped.enabled]).toEqual([{ id: 1 }, true]);
    expect(scraped.by(kps, create)).toBe(monitor);
    expect(created).toBe(1);
    const error = expectValidationError(() => scraped.by(stubScrapingPrometheus(stack, 'other'), create));
    expect([error.message, error.path]).toEqual([REFUSED, 'monitoring-test/jaeger']);
    expect(created).toBe(1);
    // The refusal left the first Prometheus in place.
    expect(scraped.by(kps, create)).toBe(monitor);
  });

  test('a monitor that cannot be created leaves the component unscraped, so the call can be made again', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const scraped = new ScrapedOnce<string>('monitoring-test/jaeger', 'ServiceMonitor');
    expect(() => scraped.by(stubScrapingPrometheus(stack, 'other'), () => { throw new Error('bad monitor name'); })).toThrow('bad monitor name');
    expect(scraped.enabled).toBe(false);
    expect(scraped.by(stubScrapingPrometheus(stack), () => 'monitor')).toBe('monitor');
  });
});
