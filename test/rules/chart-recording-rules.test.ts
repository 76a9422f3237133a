import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Charts } from '../../lib/core/charts';
import { Prometheus } from '../../lib/prometheus/prometheus';
import { KUBE_PROMETHEUS_STACK_RECORDS, KUBE_PROMETHEUS_STACK_RECORDS_VERSION } from '../../lib/rules/kube-prometheus-stack-records';
import { RECORDS_MODULE, pinnedChartDir, readChartRecordingRules, renderRecordsModule } from '../../scripts/chart-recording-rules';
import { sharedChartsPresent } from '../support/chart-values';
import { releaseValues } from '../support/synth';

// lib/rules/kube-prometheus-stack-records.ts is written by scripts/chart-recording-rules.ts from the
// pinned chart's rule templates; these tests keep it true to the chart and to what the stack deploys.

const valueAt = (values: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), values);

describe('the kube-prometheus-stack records data', () => {
  test('is of the pinned chart version', () => {
    expect(KUBE_PROMETHEUS_STACK_RECORDS_VERSION).toBe(Charts.kubePrometheusStack.version);
  });

  // Outside CI, a missing ../shared skips the comparison with a printed notice; with CI=true it fails.
  const chartPresent = sharedChartsPresent('the check of lib/rules/kube-prometheus-stack-records.ts against the chart');
  (chartPresent ? test : test.skip)('is exactly what scripts/chart-recording-rules.ts reads from the chart (re-run the script when it is not)', () => {
    const files = readChartRecordingRules(pinnedChartDir());
    // the reader found what the chart has: the examples, each record once per template
    const all = files.flatMap((file) => file.records);
    expect(all).toEqual(expect.arrayContaining(['node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate', 'instance:node_cpu_utilisation:rate5m']));
    expect(all.length).toBeGreaterThan(90);
    for (const file of files) expect(new Set(file.records).size).toBe(file.records.length);
    expect(files.find((file) => file.file === 'windows.node.rules.yaml')).toMatchObject({ when: ['windowsMonitoring.enabled', 'defaultRules.rules.windows'], enabledByDefault: false });
    expect(readFileSync(resolve(__dirname, '../..', RECORDS_MODULE), 'utf8')).toBe(renderRecordsModule(Charts.kubePrometheusStack.version, files));
  });

  test('the stack sets none of the values that switch the chart\'s rule templates, only defaultRules.create (so enabledByDefault holds)', () => {
    const build = (kubernetesRules: boolean) =>
      releaseValues(new Prometheus(new TerraformStack(Testing.app(), 'monitoring-test'), 'prometheus', { namespace: 'monitoring', kubernetesRules }));
    const values = build(true);
    expect(valueAt(values, 'defaultRules.create')).toBe(true);
    expect(valueAt(build(false), 'defaultRules.create')).toBe(false);
    const switches = [...new Set(KUBE_PROMETHEUS_STACK_RECORDS.flatMap((file) => file.when))];
    expect(switches.length).toBeGreaterThan(10);
    expect(switches.filter((path) => valueAt(values, path) !== undefined)).toEqual([]);
  });
});
