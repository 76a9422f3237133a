import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Charts } from '../../lib';
import { SHARED_CHARTS, chartDefaults } from '../support/chart-values';

/**
 * Keys the jaeger 4.11.1 templates read (jaeger-deploy.yaml: `.Values.jaeger.resources`;
 * jaeger-ingress.yaml: `ingressClassName`, `hosts`, `tls`) that values.yaml documents only as
 * commented-out examples. Each must appear as such a comment, or it is not accepted.
 */
const COMMENTED_KEYS: ReadonlyArray<[path: string[], comment: RegExp]> = [
  [['jaeger', 'resources'], /^ {2}# resources:$/m],
  [['jaeger', 'ingress', 'ingressClassName'], /^ {4}# ingressClassName: nginx$/m],
  [['jaeger', 'ingress', 'hosts'], /^ {4}# hosts:$/m],
  [['jaeger', 'ingress', 'tls'], /^ {4}# tls:$/m],
];

/** The jaeger chart's defaults plus its commented, documented keys; undefined when ../shared is absent. */
export function jaegerChartKeys(): Record<string, unknown> | undefined {
  const defaults = chartDefaults(Charts.jaeger);
  const file = join(SHARED_CHARTS, `jaeger-${Charts.jaeger.version}`, 'values.yaml');
  if (!defaults || !existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const out = structuredClone(defaults) as Record<string, any>;
  for (const [path, comment] of COMMENTED_KEYS) {
    if (!comment.test(text)) throw new Error(`jaeger values.yaml no longer documents ${path.join('.')} (${comment}); re-check the chart templates.`);
    let node = out;
    for (const key of path.slice(0, -1)) node = node[key];
    node[path[path.length - 1]] = null;
  }
  return out;
}
