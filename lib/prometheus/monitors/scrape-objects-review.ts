import { Construct } from 'constructs';
import { ReviewArtifacts } from '../../review/review-artifacts';

/** The scrape objects of each stack's review, in creation order; one summary section per stack. */
const objectsOf = new WeakMap<ReviewArtifacts, Array<Record<string, any>>>();

/**
 * Lists a ServiceMonitor, PodMonitor, Probe or ScrapeConfig in the "Scrape objects" section of its stack's
 * summary.md, whoever created it (the stack, a component's self-scrape, or an app team by hand), so that a
 * reviewer sees every target Prometheus is told about.
 */
export function reviewScrapeObject(scope: Construct, manifest: Record<string, any>): void {
  const review = ReviewArtifacts.of(scope);
  let objects = objectsOf.get(review);
  if (objects === undefined) {
    const listed: Array<Record<string, any>> = [];
    objects = listed;
    objectsOf.set(review, listed);
    review.addSummarySection({ title: 'Scrape objects', order: 21, render: () => renderScrapeObjects(listed) });
  }
  objects.push(manifest);
}

function renderScrapeObjects(objects: ReadonlyArray<Record<string, any>>): string {
  const lines = objects.map((object) => `| ${object.kind} | ${object.metadata.namespace}/${object.metadata.name} | ${whatItScrapes(object)} |`);
  return [`${objects.length} objects tell Prometheus what to scrape:`, '', '| kind | object | scrapes |', '|---|---|---|', ...lines.sort()].join('\n');
}

function whatItScrapes(object: Record<string, any>): string {
  const spec = object.spec ?? {};
  const selector = (matchLabels: Record<string, string> | undefined) =>
    Object.entries(matchLabels ?? {}).map(([key, value]) => `${key}=${value}`).join(', ') || 'every';
  const namespaces = (spec.namespaceSelector?.matchNames as string[] | undefined)?.join(', ') ?? object.metadata.namespace;
  switch (object.kind) {
    case 'ServiceMonitor':
      return `Services (${selector(spec.selector?.matchLabels)}) in ${namespaces}, ports ${(spec.endpoints as any[]).map((e) => e.port).join(', ')}`;
    case 'PodMonitor':
      return `pods (${selector(spec.selector?.matchLabels)}) in ${namespaces}, ports ${(spec.podMetricsEndpoints as any[]).map((e) => e.port).join(', ')}`;
    case 'Probe':
      return `${(spec.targets?.staticConfig?.static as string[]).join(', ')} through ${spec.prober?.url} (module ${spec.module})`;
    default:
      return (spec.staticConfigs as any[] ?? []).flatMap((group) => group.targets as string[]).join(', ');
  }
}
