import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { coalesceValues } from './chart-dependencies';
import { SHARED_CHARTS } from './chart-values';
import { CheckedPod } from './container-checks';
import { RenderedRelease } from './rendered-releases';
import { SynthesizedRelease } from './synth';

/*
 * The containers of subcharts that ../shared lacks (kps's kube-state-metrics and
 * prometheus-node-exporter, see chart-dependencies.ts) are not rendered, so they are checked from
 * the values instead: our values under the subchart's key, merged over the parent chart's values.yaml,
 * read where the subchart's templates read them. The subchart's own defaults are NOT credited (they
 * are not here to read), except the host namespaces below, which decide an exception. When the real
 * subchart appears in ../shared, it is rendered and this falls away by itself.
 */

/** Per subchart: its container, and the defaults of the real subchart that this check must know. */
const SUBCHARTS: Record<string, { readonly container: string; readonly defaults: Record<string, unknown> }> = {
  'kube-state-metrics': { container: 'kube-state-metrics', defaults: {} },
  // prometheus-node-exporter 4.56.1 values.yaml: hostNetwork: true, hostPID: true.
  'prometheus-node-exporter': { container: 'node-exporter', defaults: { hostNetwork: true, hostPID: true } },
};

type Obj = Record<string, any>;

const parsedDefaults = new Map<string, Obj>();
function parentDefaults(file: string): Obj {
  if (!parsedDefaults.has(file)) parsedDefaults.set(file, existsSync(file) ? (parse(readFileSync(file, 'utf8')) as Obj) : {});
  return parsedDefaults.get(file)!;
}

/** The pods of the release's not-rendered subcharts, as their values describe them. */
export function notRenderedPods(rendered: RenderedRelease, synthesized: SynthesizedRelease): CheckedPod[] {
  if (rendered.notRendered.length === 0) return [];
  const file = join(SHARED_CHARTS, `${synthesized.chart}-${synthesized.version}`, 'values.yaml');
  const values = synthesized.values.reduce<unknown>((acc, text) => coalesceValues(acc, parse(text) ?? {}), parentDefaults(file)) as Obj;
  return rendered.notRendered.map((name) => {
    const subchart = SUBCHARTS[name];
    if (!subchart) throw new Error(`${rendered.chart} → ${name} is not rendered and has no values-level check; add it to not-rendered-subcharts.ts.`);
    const v = coalesceValues(subchart.defaults, values[name] ?? {}) as Obj;
    // kube-state-metrics renders its pod securityContext only when `securityContext.enabled` is not false.
    const { enabled, ...podSc } = (v.securityContext ?? {}) as Obj;
    return {
      chart: rendered.chart,
      owner: `${name} (not rendered: values)`,
      spec: {
        securityContext: enabled === false ? {} : podSc,
        hostNetwork: v.hostNetwork === true,
        hostPID: v.hostPID === true,
        containers: [{ name: subchart.container, securityContext: v.containerSecurityContext ?? {}, resources: v.resources ?? {} }],
      },
    };
  });
}
