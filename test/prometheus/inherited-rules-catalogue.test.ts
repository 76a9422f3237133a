import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Charts } from '../../lib/core/charts';
import { KPS_RULE_CATALOGUE } from '../../lib/prometheus/inherited/kube-prometheus-stack-rules';
import { pinnedChartDir } from '../../scripts/chart-recording-rules';
import { CATALOGUE_MODULE, readKpsRuleCatalogue, renderCatalogueModule } from '../../scripts/kps-rule-catalogue';
import { sharedChartsPresent } from '../support/chart-values';
import { findTool } from '../support/tools';

// lib/prometheus/inherited/kube-prometheus-stack-rules.ts is written by scripts/kps-rule-catalogue.ts
// from a helm render of the pinned chart; these tests keep it true to the chart.

const alerts = KPS_RULE_CATALOGUE.groups.flatMap((group) => group.alerts);
const groupOf = (name: string) => KPS_RULE_CATALOGUE.groups.find((group) => group.name === name)!;

describe('the committed catalogue of kube-prometheus-stack default rules', () => {
  test('is of the pinned chart version, for the Prometheus construct\'s default release name', () => {
    expect([KPS_RULE_CATALOGUE.chart, KPS_RULE_CATALOGUE.version]).toEqual([Charts.kubePrometheusStack.chart, Charts.kubePrometheusStack.version]);
    expect(KPS_RULE_CATALOGUE.releaseName).toBe('kube-prometheus-stack');
  });

  test('holds the 155 alerting rules of 88.5.3 with the values key of each group', () => {
    expect(alerts).toHaveLength(155);
    expect(KPS_RULE_CATALOGUE.groups).toHaveLength(41);
    expect(groupOf('kubernetes-apps')).toMatchObject({ key: 'kubernetesApps', enabledByDefault: true, requires: [] });
    expect(groupOf('etcd')).toMatchObject({ key: 'etcd', requires: ['kubeEtcd.enabled'] });
    expect(groupOf('kubernetes-system-scheduler')).toMatchObject({ key: 'kubeSchedulerAlerting', droppedWith: ['KubeSchedulerDown'] });
    // several templates share one switch
    expect(KPS_RULE_CATALOGUE.groups.filter((group) => group.key === 'kubernetesSystem').map((group) => group.name).sort()).toEqual([
      'kubernetes-system', 'kubernetes-system-apiserver', 'kubernetes-system-kubelet',
    ]);
    // Windows needs windowsMonitoring.enabled, off by the chart's defaults
    expect(groupOf('windows.node.rules')).toMatchObject({ enabledByDefault: false, requires: ['windowsMonitoring.enabled'] });
  });

  test('each alert has severity, for, expression, runbook and the job matchers of its expression', () => {
    const crashLooping = alerts.find((alert) => alert.name === 'KubePodCrashLooping')!;
    expect(crashLooping).toMatchObject({ group: 'kubernetes-apps', severity: 'warning', for: '15m', runbookUrl: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping' });
    expect(crashLooping.jobMatchers).toEqual([{ op: '=', value: 'kube-state-metrics' }]);
    // the alerts that can never fire here: they select the chart's own Alertmanager job
    for (const alert of groupOf('alertmanager.rules').alerts) expect(alert.jobMatchers).toEqual([{ op: '=', value: 'kube-prometheus-stack-alertmanager' }]);
    expect(groupOf('alertmanager.rules').alerts).toHaveLength(9);
    expect(alerts.find((alert) => alert.name === 'Watchdog')).toMatchObject({ severity: 'none', jobMatchers: [] });
    for (const alert of alerts) {
      expect(alert.expr).not.toContain('{{');
      expect(['critical', 'warning', 'info', 'none']).toContain(alert.severity);
      expect(alert.runbookUrl).toMatch(/^https:\/\/runbooks\.prometheus-operator\.dev\/runbooks\//);
    }
    // names with a warning and a critical rule are kept as two rules
    expect(alerts.filter((alert) => alert.name === 'KubePersistentVolumeFillingUp').map((alert) => alert.severity).sort()).toEqual(['critical', 'warning']);
  });

  // Outside CI, a missing ../shared (or helm) skips the comparison with a printed notice; with CI=true it fails.
  const present = sharedChartsPresent('the check of the inherited rule catalogue against the chart') && findTool('helm') !== undefined;
  (present ? test : test.skip)('is exactly what scripts/kps-rule-catalogue.ts renders from the chart (re-run the script when it is not)', () => {
    const derived = readKpsRuleCatalogue(pinnedChartDir());
    expect(derived).toEqual(KPS_RULE_CATALOGUE);
    // deterministic, and the committed text is the script's output byte for byte
    expect(renderCatalogueModule(derived)).toBe(readFileSync(resolve(__dirname, '../..', CATALOGUE_MODULE), 'utf8'));
    // the module names the alerts and groups as types: a changed chart changes them too
    const text = renderCatalogueModule(derived);
    expect(text).toContain("  | 'KubePodCrashLooping'");
    expect(text).toContain("  | 'kubeSchedulerAlerting'");
  }, 60_000);
});
