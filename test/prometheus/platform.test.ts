import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import {
  Charts, CONTROL_PLANE_SCRAPES, CONTROL_PLANE_SCRAPE_KEYS, EnvironmentConfig, MonitoringStack, PLATFORM_EXPOSURE, PLATFORMS, Prometheus,
  Platform, PrometheusProps, resolveEnvironment,
} from '../../lib';
import { applyControlPlane, describePlatform, resolveControlPlane } from '../../lib/prometheus/platform';
import { environments } from '../../stacks';
import { expectValidationError } from '../support/refusal';
import { releaseValues, synthesizedExampleStacks } from '../support/synth';
import { chartDefaults } from '../support/chart-values';

function valuesFor(props: Partial<PrometheusProps>): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  return releaseValues(new Prometheus(stack, 'prometheus', { namespace: 'monitoring', ...props }));
}

const MANAGED_CONTROL_PLANE = ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd'] as const;

describe('platform presets: the table', () => {
  test('GIVEN a managed platform (eks, gke, aks) THEN controller manager, scheduler and etcd are hidden and the API server and kubelet scraped', () => {
    for (const platform of ['eks', 'gke', 'aks'] as const) {
      for (const key of MANAGED_CONTROL_PLANE) expect([platform, key, PLATFORM_EXPOSURE[platform][key].exposure]).toEqual([platform, key, 'hidden']);
      for (const key of ['kubeApiServer', 'kubelet'] as const) expect(PLATFORM_EXPOSURE[platform][key].exposure).toBe('scraped');
      expect(PLATFORM_EXPOSURE[platform].kubeProxy.exposure).toBe('off');
    }
  });

  test('GIVEN generic THEN every control-plane scrape the chart has on by default stays on; kubeadm leaves off what it binds to 127.0.0.1; k3s hides what its server process runs', () => {
    const off = (platform: Platform) => CONTROL_PLANE_SCRAPE_KEYS.filter((key) => PLATFORM_EXPOSURE[platform][key].exposure !== 'scraped');
    expect(off('generic')).toEqual(['kubeDns']);
    expect(off('kubeadm')).toEqual(['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy', 'kubeDns']);
    // Off, not hidden: a kubeadm cluster that opens the addresses may switch them on.
    expect(CONTROL_PLANE_SCRAPE_KEYS.filter((key) => PLATFORM_EXPOSURE.kubeadm[key].exposure === 'hidden')).toEqual([]);
    expect(PLATFORM_EXPOSURE.kubeadm.kubeEtcd.why).toContain('listen-metrics-urls');
    expect(CONTROL_PLANE_SCRAPE_KEYS.filter((key) => PLATFORM_EXPOSURE.k3s[key].exposure === 'hidden')).toEqual(['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy']);
    // GKE runs kube-dns, not CoreDNS: the kube-dns scrape replaces the CoreDNS one.
    expect([PLATFORM_EXPOSURE.gke.coreDns.exposure, PLATFORM_EXPOSURE.gke.kubeDns.exposure]).toEqual(['off', 'scraped']);
  });

  test('GIVEN every cell that is not scraped THEN it says why; scraped cells say nothing', () => {
    for (const platform of PLATFORMS) {
      for (const key of CONTROL_PLANE_SCRAPE_KEYS) {
        const cell = PLATFORM_EXPOSURE[platform][key];
        expect([platform, key, cell.why === '']).toEqual([platform, key, cell.exposure === 'scraped']);
      }
    }
  });

  test('describePlatform names what the platform does not scrape (the review line)', () => {
    expect(describePlatform('eks')).toBe('eks (control plane not scraped: kubeControllerManager, kubeScheduler, kubeEtcd, kubeProxy, kubeDns)');
    expect(describePlatform('generic')).toBe('generic (control plane not scraped: kubeDns)');
  });
});

describe('platform presets: the kube-prometheus-stack values', () => {
  test('GIVEN no platform THEN the values keep every default control-plane scrape on and switch no rule group off', () => {
    const values = valuesFor({});
    for (const key of ['kubeApiServer', 'kubelet', 'kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy', 'coreDns']) {
      expect([key, values[key]]).toEqual([key, { enabled: true }]);
    }
    expect(values.kubeDns).toEqual({ enabled: false });
    for (const group of ['etcd', 'kubeControllerManager', 'kubeSchedulerAlerting', 'kubeSchedulerRecording', 'kubeProxy']) {
      expect(values.defaultRules.rules?.[group]).toBeUndefined();
    }
  });

  test('GIVEN platform eks THEN the hidden scrapes and kube-proxy are off, with their rule groups', () => {
    const values = valuesFor({ platform: 'eks' });
    for (const key of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy']) expect([key, values[key].enabled]).toEqual([key, false]);
    for (const key of ['kubeApiServer', 'kubelet', 'coreDns']) expect([key, values[key].enabled]).toEqual([key, true]);
    expect(values.defaultRules.rules).toMatchObject({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false });
    // The API server's and kubelet's groups are not touched.
    expect(values.defaultRules.rules.kubelet).toBeUndefined();
    expect(values.defaultRules.rules.kubeApiserverSlos).toBeUndefined();
  });

  test('GIVEN controlPlaneScrapes THEN they override the preset where the platform allows it', () => {
    const eks = valuesFor({ platform: 'eks', controlPlaneScrapes: { kubeProxy: true } });
    expect(eks.kubeProxy.enabled).toBe(true);
    expect(eks.defaultRules.rules.kubeProxy).toBeUndefined();
    const generic = valuesFor({ controlPlaneScrapes: { kubeEtcd: false } });
    expect([generic.kubeEtcd.enabled, generic.defaultRules.rules.etcd, generic.kubeScheduler.enabled]).toEqual([false, false, true]);
  });

  test('GIVEN other settings of a control-plane key THEN the platform only sets `enabled`', () => {
    const control = resolveControlPlane('eks', undefined, 'here');
    const out = applyControlPlane({ kubeProxy: { service: { port: 1 } }, defaultRules: { create: true, rules: { node: false } } }, control);
    expect(out.kubeProxy).toEqual({ service: { port: 1 }, enabled: false });
    expect(out.defaultRules).toMatchObject({ create: true, rules: { node: false, kubeProxy: false } });
  });
});

describe('platform presets: refusals', () => {
  test('GIVEN an unknown platform THEN it is refused with the list', () => {
    expectValidationError(() => valuesFor({ platform: 'openshift' as never }), 'monitoring-test/prometheus', '"openshift"', "'eks', 'gke', 'aks', 'kubeadm', 'k3s', 'generic'");
  });

  test('GIVEN a scrape the platform hides switched on THEN it is refused with the reason and its source', () => {
    expectValidationError(() => valuesFor({ platform: 'eks', controlPlaneScrapes: { kubeScheduler: true } }), 'controlPlaneScrapes.kubeScheduler', 'managed control plane', 'helm-charts#4106', "platform 'generic'");
    expectValidationError(() => valuesFor({ platform: 'k3s', controlPlaneScrapes: { kubeEtcd: true } }), 'controlPlaneScrapes.kubeEtcd', 'k3s');
  });

  test('GIVEN an unknown scrape key or a non-boolean THEN it is refused', () => {
    expectValidationError(() => valuesFor({ controlPlaneScrapes: { kubeEtc: false } as never }), 'controlPlaneScrapes.kubeEtc', 'kubeEtcd');
    expectValidationError(() => valuesFor({ controlPlaneScrapes: { kubeProxy: 'no' } as never }), 'controlPlaneScrapes.kubeProxy', '"no"');
    expectValidationError(() => valuesFor({ controlPlaneScrapes: ['kubeProxy'] as never }), 'controlPlaneScrapes', 'not an object');
  });

  test('GIVEN a rule group switched on explicitly whose scrape the platform turns off THEN it is refused (not silently off)', () => {
    const control = resolveControlPlane('gke', undefined, 'monitoring-prod/prometheus');
    expectValidationError(
      () => applyControlPlane({ defaultRules: { rules: { etcd: true } } }, control),
      'monitoring-prod/prometheus', '"etcd"', "platform 'gke'", 'job "kube-etcd"',
    );
    // Through the typed inherited rules: refused where the Prometheus is built, before any values render.
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    expectValidationError(
      () => new Prometheus(stack, 'prometheus', { namespace: 'monitoring', platform: 'eks', inheritedRules: { groups: { kubeSchedulerAlerting: true } } }),
      'monitoring-test/prometheus', '"kubeSchedulerAlerting"', "platform 'eks'", 'job "kube-scheduler"',
    );
    expect(valuesFor({ platform: 'eks', inheritedRules: { groups: { kubeSchedulerAlerting: false } } }).defaultRules.rules.kubeSchedulerAlerting).toBe(false);
    // The same group left at its default, or switched off, is fine.
    expect((applyControlPlane({ defaultRules: { rules: { etcd: false } } }, control).defaultRules as any).rules.etcd).toBe(false);
    // Where etcd is scraped, switching the group on is the user's choice.
    expect((applyControlPlane({ defaultRules: { rules: { etcd: true } } }, resolveControlPlane('generic', undefined, 'x')).defaultRules as any).rules.etcd).toBe(true);
    expect((applyControlPlane({ defaultRules: { rules: { etcd: true } } }, resolveControlPlane('kubeadm', { kubeEtcd: true }, 'x')).defaultRules as any).rules.etcd).toBe(true);
    // Switched off by the user where the platform scrapes it: the message says so.
    expectValidationError(() => applyControlPlane({ defaultRules: { rules: { etcd: true } } }, resolveControlPlane('generic', { kubeEtcd: false }, 'x')), 'switched off in controlPlaneScrapes');
  });
});

describe('platform presets: the environment', () => {
  const minimal: EnvironmentConfig = { name: 'test', clusterName: 'c', region: 'r' };

  test('GIVEN no platform THEN the environment is generic; GIVEN one THEN it is kept', () => {
    expect(resolveEnvironment(minimal).platform).toBe('generic');
    expect(resolveEnvironment({ ...minimal, platform: 'aks' }).platform).toBe('aks');
  });

  test('GIVEN an unknown platform THEN the environment is refused by name', () => {
    expectValidationError(() => resolveEnvironment({ ...minimal, platform: 'EKS' as never }), 'environment "test"', '"EKS"', "'eks'");
  });

  test('the example environments name their platform, and the stack hands it to Prometheus', () => {
    const platforms = Object.fromEntries(environments.map((env) => [env.name, env.platform]));
    expect(platforms).toEqual({ dev: 'k3s', staging: 'eks', prod: 'eks' });
    // The review names each environment's platform and what it does not scrape.
    for (const synthesized of synthesizedExampleStacks()) {
      const summary = readFileSync(join(synthesized.dir, '..', '..', 'review', synthesized.id, 'summary.md'), 'utf8');
      const platform = platforms[synthesized.id.replace('monitoring-', '')] as Platform;
      expect(summary).toContain(`- platform: ${describePlatform(platform)}`);
    }
    const stack = new MonitoringStack(Testing.app(), resolveEnvironment({ ...minimal, platform: 'eks', components: { alertmanager: false } }));
    const values = releaseValues(stack.prometheus!);
    expect([values.kubeScheduler.enabled, values.kubeApiServer.enabled]).toEqual([false, true]);
  });

  test('GIVEN prometheus.controlPlaneScrapes on the environment THEN the stack applies them over the preset, and refuses what the platform hides', () => {
    const kubeadm = new MonitoringStack(Testing.app(), { ...minimal, platform: 'kubeadm', prometheus: { controlPlaneScrapes: { kubeProxy: true, kubeEtcd: true } } });
    const values = releaseValues(kubeadm.prometheus!);
    expect([values.kubeProxy.enabled, values.kubeEtcd.enabled, values.kubeScheduler.enabled]).toEqual([true, true, false]);
    expectValidationError(
      () => new MonitoringStack(Testing.app(), { ...minimal, platform: 'aks', prometheus: { controlPlaneScrapes: { kubeControllerManager: true } } }),
      'monitoring-test/prometheus', 'controlPlaneScrapes.kubeControllerManager', "platform 'aks'",
    );
  });

  test('every rule group and control-plane key the table names exists in the pinned chart (typo guard)', () => {
    const defaults = chartDefaults(Charts.kubePrometheusStack) as Record<string, any> | undefined;
    if (!defaults) return;
    const chartGroups = Object.keys(defaults.defaultRules.rules);
    for (const key of CONTROL_PLANE_SCRAPE_KEYS) {
      expect([key, typeof defaults[key]?.enabled]).toEqual([key, 'boolean']);
      for (const group of CONTROL_PLANE_SCRAPES[key].ruleGroups) expect(chartGroups).toContain(group);
    }
    expect(chartGroups).not.toContain('kubeEtcd');
  });
});
