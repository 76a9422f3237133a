import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Charts } from '../../lib/core/charts';
import { Prometheus } from '../../lib/prometheus/prometheus';
import type { PrometheusProps } from '../../lib/prometheus/prometheus-props';
import { recordedSeriesIn } from '../../lib/rules/promql-record-references';
import { RecordingRule } from '../../lib/rules/recording-rule';
import { RuleGroup } from '../../lib/rules/rule-group';
import { KUBE_PROMETHEUS_STACK_RECORDS, KUBE_PROMETHEUS_STACK_RECORDS_VERSION } from '../../lib/rules/kube-prometheus-stack-records';
import { RECORDS_MODULE, pinnedChartDir, readChartRecordingRules, renderRecordsModule, valueAt } from '../../scripts/chart-recording-rules';
import { chartDefaults, sharedChartsPresent } from '../support/chart-values';
import { releaseValues } from '../support/synth';

// lib/rules/kube-prometheus-stack-records.ts is written by scripts/chart-recording-rules.ts from the
// pinned chart's rule templates; these tests keep it true to the chart and to what the stack deploys.

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

  // The synth check of own rules counts a chart record as present only when its template renders: every
  // `when` switch of the template true under the values the stack sets over the chart's defaults. The
  // platform presets and inheritedRules set such switches, so this is checked per configuration.
  const defaults = chartDefaults(Charts.kubePrometheusStack);
  const configurations: Array<[string, Partial<PrometheusProps>]> = [
    ['generic', {}],
    ['eks', { platform: 'eks' }],
    ['k3s', { platform: 'k3s' }],
    ['inheritedRules groups off', { inheritedRules: { groups: { k8sContainerCpuUsageSecondsTotal: false, node: false } } }],
    ['kubernetesRules off', { kubernetesRules: false }],
  ];
  (defaults ? test.each(configurations) : test.skip.each(configurations))('%s: own rules may read exactly the records of the templates the chart renders with the stack\'s values', (_name, props) => {
    const build = () => new Prometheus(new TerraformStack(Testing.app(), 'monitoring-test'), 'prometheus', { namespace: 'monitoring', ...props });
    const values = releaseValues(build());
    const setting = (path: string) => valueAt(values, path) ?? valueAt(defaults!, path);
    const renders = (file: (typeof KUBE_PROMETHEUS_STACK_RECORDS)[number]) =>
      setting('defaultRules.create') === true && file.when.every((path) => setting(path) === true);
    // Per record the check knows as recorded (level:metric:operations), an own rule reading it: refused by
    // the synth check exactly when no template the chart renders records it (templates share some records).
    const recorded = new Set(KUBE_PROMETHEUS_STACK_RECORDS.filter(renders).flatMap((file) => file.records));
    // The verdict on a record depends only on which templates record it: one record per such set of templates.
    const recorders = (record: string) => KUBE_PROMETHEUS_STACK_RECORDS.filter((file) => file.records.includes(record)).map((file) => file.file).join(',');
    const known = [...new Set(KUBE_PROMETHEUS_STACK_RECORDS.flatMap((file) => file.records))].filter((record) => recordedSeriesIn(`sum(${record})`).length > 0);
    const checked = [...new Map(known.map((record) => [recorders(record), record])).values()];
    const refused = checked.filter((record) => {
      const prometheus = build();
      prometheus.addRuleGroup(new RuleGroup('reads-chart-record', { rules: [new RecordingRule({ record: 'test:reads_chart_record:sum', expr: `sum(${record})` })] }));
      return prometheus.node.validate().join('\n').includes(record);
    });
    expect(refused).toEqual(checked.filter((record) => !recorded.has(record)));
    // not vacuous: with the rules on, some templates render and some (windows) do not
    expect(checked.length).toBeGreaterThan(20);
    if (setting('defaultRules.create') === true) expect([refused.length > 0, refused.length < checked.length]).toEqual([true, true]);
  });
});
