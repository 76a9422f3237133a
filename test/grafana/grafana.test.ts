import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, Prometheus, ReviewArtifacts } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { Dashboard, LintRule, clusterOverviewDashboard, serviceOverviewDashboard } from '../../lib/dashboards';
import { Grafana, GrafanaDatabase, GrafanaProps } from '../../lib/grafana';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_CHARTS, chartDefaults, unknownChartKeys } from '../support/chart-values';
import { REPO_ROOT } from '../support/disk-cache';
import { synthJson, releaseValues } from '../support/synth';
import { alertmanager, fakeDatasource, jaeger, loki } from './fixtures';

const POSTGRES = GrafanaDatabase.postgres({ host: 'grafana-db.example.internal', name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'grafana-database' } });

function build(props: Partial<GrafanaProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, ...props });
  return { stack, grafana };
}

function releaseOf(json: Record<string, any>): Record<string, any> {
  return Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.chart === 'grafana');
}

describe('Grafana', () => {
  test('GIVEN the issue example THEN the pinned chart gets datasources with fixed uids and their correlations', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus, alertmanager(), loki(), jaeger()] });
    const release = releaseOf(synthJson(stack));
    expect(release).toMatchObject({ chart: 'grafana', version: '12.11.1', repository: Charts.grafana.repository, namespace: 'monitoring', atomic: true });
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    expect(values.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    const provisioning = grafana.datasourceProvisioning() as any;
    expect(provisioning.datasources.map((d: any) => [d.uid, d.type, d.isDefault])).toEqual([
      ['prometheus', 'prometheus', true], ['alertmanager', 'alertmanager', false], ['loki', 'loki', false], ['jaeger', 'jaeger', false],
    ]);
    const [prom, am, lok, jae] = provisioning.datasources;
    expect(prom.url).toBe(prometheus.prometheusUrl);
    expect(prom.jsonData).toMatchObject({ timeInterval: '15s', exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'jaeger' }] });
    expect(am.jsonData).toEqual({ implementation: 'prometheus' });
    expect(lok.jsonData.derivedFields[0]).toMatchObject({ name: 'TraceID', url: '${__value.raw}', datasourceUid: 'jaeger' });
    expect(jae.jsonData.tracesToLogsV2).toMatchObject({ datasourceUid: 'loki', filterByTraceID: true, tags: [{ key: 'service.name', value: 'service_name' }] });
    expect(jae.jsonData.tracesToMetrics).toMatchObject({ datasourceUid: 'prometheus', tags: [{ key: 'service.name', value: 'service' }] });
    expect(jae.jsonData.tracesToMetrics.queries.map((q: any) => q.name)).toEqual(['Request rate', 'Error ratio', 'p99 latency']);
    expect(grafana.grafanaUrl).toBe('http://grafana.monitoring.svc:80');
  });

  test('correlations appear only when their target datasource is present', () => {
    const onlyProm = build({ datasources: [fakeDatasource('prometheus' as never, { url: 'http://p.svc:9090' }), loki()] }).grafana.datasourceProvisioning() as any;
    expect(onlyProm.datasources[0].jsonData.exemplarTraceIdDestinations).toBeUndefined();
    expect(onlyProm.datasources[1].jsonData.derivedFields).toBeUndefined();
    const onlyJaeger = build({ datasources: [jaeger()] }).grafana.datasourceProvisioning() as any;
    expect(onlyJaeger.datasources[0].jsonData.tracesToLogsV2).toBeUndefined();
    expect(onlyJaeger.datasources[0].jsonData.tracesToMetrics).toBeUndefined();
    expect(onlyJaeger.datasources[0].isDefault).toBe(true);
  });

  test('single replica: SQLite on a volume, Recreate, non-root, analytics off, sidecar loading folders from every namespace', () => {
    const values = releaseValues(build({ plugins: ['grafana-polystat-panel@2.1.13'] }).grafana) as any;
    expect(values.replicas).toBe(1);
    expect(values.persistence).toEqual({ enabled: true, type: 'pvc', size: '10Gi', accessModes: ['ReadWriteOnce'] });
    expect(values.deploymentStrategy).toEqual({ type: 'Recreate' });
    expect(values['grafana.ini'].database).toEqual({ type: 'sqlite3' });
    expect(values['grafana.ini'].analytics).toEqual({ reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false, feedback_links_enabled: false });
    expect(values['grafana.ini']['auth.anonymous']).toEqual({ enabled: false });
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 472, fsGroup: 472 });
    expect(values.containerSecurityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.initChownData).toEqual({ enabled: false });
    expect(values.resources.limits).toBeDefined();
    expect(values.sidecar.resources.limits).toBeDefined();
    expect(values.sidecar.dashboards).toEqual({
      enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL', folderAnnotation: 'grafana_folder',
      provider: { foldersFromFilesStructure: true, allowUiUpdates: false, disableDelete: false }, resource: 'configmap',
    });
    // the sidecar's ClusterRole reads ConfigMaps only (the chart's own would read every Secret)
    expect(values.rbac).toEqual({ useExistingClusterRole: 'grafana-clusterrole' });
    expect(values.extraObjects[0]).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'grafana-clusterrole' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }] });
    expect(values.plugins).toEqual(['grafana-polystat-panel@2.1.13']);
    expect(values.ingress).toEqual({ enabled: false });
  });

  test('HA: external database password only through a secretKeyRef, no volume, PDB and alerting gossip', () => {
    const { stack, grafana } = build({ replicas: 2, database: POSTGRES });
    const values = releaseValues(grafana) as any;
    expect(values.replicas).toBe(2);
    expect(values['grafana.ini'].database).toEqual({ type: 'postgres', host: 'grafana-db.example.internal:5432', name: 'grafana', user: 'grafana', ssl_mode: 'require' });
    expect(values.envValueFrom.GF_DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: 'grafana-database', key: 'password' } });
    expect(values.persistence).toEqual({ enabled: false });
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.headlessService).toBe(true);
    expect(values['grafana.ini'].unified_alerting).toEqual({ ha_peers: 'grafana-headless:9094', ha_listen_address: '${POD_IP}:9094', ha_advertise_address: '${POD_IP}:9094' });
    // Terraform gets `$${POD_IP}`, which it turns back into the `${POD_IP}` Grafana expands.
    expect(releaseOf(synthJson(stack)).values[0]).toContain('ha_listen_address: $${POD_IP}:9094');
    expect(JSON.stringify(values)).not.toMatch(/"password":/);
  });

  test('ingress with TLS sets the public URL and secure cookies', () => {
    const values = releaseValues(build({ ingress: { host: 'grafana.example.com', tlsSecretName: 'grafana-tls', ingressClassName: 'nginx' } }).grafana) as any;
    expect(values.ingress).toEqual({ enabled: true, ingressClassName: 'nginx', annotations: {}, hosts: ['grafana.example.com'], tls: [{ secretName: 'grafana-tls', hosts: ['grafana.example.com'] }] });
    expect(values['grafana.ini'].server).toEqual({ domain: 'grafana.example.com', root_url: 'https://grafana.example.com/' });
    expect(values['grafana.ini'].security.cookie_secure).toBe(true);
  });

  test('extraIni is merged, with credentials only as expansions', () => {
    const values = releaseValues(build({ extraIni: { 'auth.github': { enabled: true, client_id: 'abc', client_secret: '$__file{/etc/secrets/github/client-secret}' } } }).grafana) as any;
    expect(values['grafana.ini']['auth.github']).toEqual({ enabled: true, client_id: 'abc', client_secret: '$__file{/etc/secrets/github/client-secret}' });
  });

  test('values are rendered at synth: a datasource added after construction is provisioned, a duplicate uid is refused', () => {
    const { grafana } = build({ datasources: [loki()] });
    grafana.addDatasource(jaeger());
    const provisioning = (releaseValues(grafana) as any).datasources['datasources.yaml'];
    expect(provisioning.datasources.map((d: any) => d.uid)).toEqual(['loki', 'jaeger']);
    // the Loki → Jaeger correlation appears once Jaeger is there
    expect(provisioning.datasources[0].jsonData.derivedFields[0]).toMatchObject({ datasourceUid: 'jaeger' });
    expect(() => grafana.addDatasource(jaeger())).toThrow(/uid "jaeger" is used by two datasources/);
  });

  test('storage: 10 GiB with SQLite, none with an external database, unless set; a negative size is refused', () => {
    expect(build().grafana.storageGiB).toBe(10);
    expect(build({ database: POSTGRES }).grafana.storageGiB).toBe(0);
    expect(build({ database: POSTGRES, storageGiB: 2.5 }).grafana.storageGiB).toBe(2.5);
    expect(() => build({ storageGiB: -1 })).toThrow('monitoring-test/grafana: storageGiB -1 must be 0 (no volume) or a positive size in GiB.');
  });

  test('every Helm value key it sets exists in the pinned chart', () => {
    const defaults = chartDefaults(Charts.grafana);
    if (!defaults) return;
    // grafana.ini is Grafana's own configuration, passed through as free-form; keys the chart documents
    // only as comments in values.yaml count as known, after checking that the comment is there.
    const valuesText = readFileSync(join(SHARED_CHARTS, `grafana-${Charts.grafana.version}`, 'values.yaml'), 'utf8');
    const documentedInComments = ['ingress.ingressClassName', 'persistence.storageClassName', 'rbac.useExistingClusterRole'];
    for (const path of documentedInComments) expect(valuesText).toMatch(new RegExp(`#\\s*${path.split('.').pop()}:`));
    const unknown = (values: Record<string, unknown>) => {
      const { ['grafana.ini']: _ini, ...rest } = values;
      // The sidecar's securityContext is a Kubernetes SecurityContext the chart passes through toYaml.
      return unknownChartKeys(rest, defaults, ['sidecar.securityContext']).filter((path) => !documentedInComments.includes(path));
    };
    for (const props of [
      { replicas: 2, database: POSTGRES, ingress: { host: 'grafana.example.com', tlsSecretName: 'grafana-tls', ingressClassName: 'nginx' }, plugins: ['a-b'], datasources: [loki(), jaeger()] },
      { storageGiB: 5, storageClassName: 'gp3' },
    ] as Array<Partial<GrafanaProps>>) {
      expect(unknown(releaseValues(build(props).grafana))).toEqual([]);
    }
    expect(unknownChartKeys({ sidecar: { dashboards: { folderAnnotations: 'x' } } }, defaults)).toEqual(['sidecar.dashboards.folderAnnotations']);
  });

  describe('dashboards', () => {
    test('each dashboard is one ConfigMap with the sidecar label, a folder annotation and Terraform-escaped JSON', () => {
      const { stack, grafana } = build();
      const dashboard = serviceOverviewDashboard({ service: 'api-gateway', namespace: 'mindweave-services' });
      grafana.addDashboard(dashboard, { folder: 'Services' });
      const maps = Object.values(synthJson(stack).resource.kubernetes_config_map as Record<string, any>);
      expect(maps).toHaveLength(1);
      const [map] = maps;
      const metadata = Array.isArray(map.metadata) ? map.metadata[0] : map.metadata;
      expect(metadata).toMatchObject({ name: 'grafana-dashboard-svc-api-gateway', namespace: 'monitoring', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'Services' } });
      const text: string = map.data['svc-api-gateway.json'];
      expect(text).toContain('"uid": "$${datasource}"');
      expect(unescapeTerraformTemplate(text)).toBe(dashboard.toJsonString());
      expect(JSON.parse(unescapeTerraformTemplate(text)).uid).toBe('svc-api-gateway');
    });

    test('review artifacts: dashboards/<uid>.json and a summary section', () => {
      const { stack, grafana } = build();
      grafana.addDashboard(clusterOverviewDashboard(), { folder: 'Platform' });
      grafana.addDashboard(serviceOverviewDashboard({ service: 'api-gateway', namespace: 'shop' }), { folder: 'Services' });
      const files = ReviewArtifacts.of(stack).render();
      expect([...files.keys()]).toEqual(['dashboards/cluster-overview.json', 'dashboards/svc-api-gateway.json', 'summary.md']);
      expect(JSON.parse(files.get('dashboards/cluster-overview.json')!).title).toBe('Cluster / Overview');
      expect(files.get('summary.md')).toContain('| Platform | cluster-overview | Cluster / Overview | 10 |');
      expect(files.get('summary.md')).toContain('| Services | svc-api-gateway | Service / api-gateway | 10 |');
    });

    // localeCompare would follow the machine's locale: "aalborg" first under en_US, last under da_DK (aa is å)
    const FOLDERS = ['zeta', 'Services', 'aalborg', 'SLOs'];
    const dashboardRows = (summary: string) => summary.split('\n').filter((line) => /^\| [^ -]/.test(line) && line.includes('| Service / '));

    test('the summary lists dashboards by folder, then uid, in code-unit order', () => {
      const { stack, grafana } = build();
      FOLDERS.forEach((folder, i) => grafana.addDashboard(serviceOverviewDashboard({ service: `svc-${i}`, namespace: 'shop' }), { folder }));
      const rows = dashboardRows(ReviewArtifacts.of(stack).render().get('summary.md')!);
      expect(rows.map((row) => row.split(' | ')[0].slice(2))).toEqual(['SLOs', 'Services', 'aalborg', 'zeta']);
    });

    test('the summary is the same under any locale of the machine', () => {
      const script = [
        "const { TerraformStack, Testing } = require('cdktf');",
        "const { ReviewArtifacts } = require('./lib');",
        "const { Grafana } = require('./lib/grafana');",
        "const { serviceOverviewDashboard } = require('./lib/dashboards');",
        "const stack = new TerraformStack(Testing.app(), 'monitoring-test');",
        "const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' } });",
        `${JSON.stringify(FOLDERS)}.forEach((folder, i) => grafana.addDashboard(serviceOverviewDashboard({ service: 'svc-' + i, namespace: 'shop' }), { folder }));`,
        "process.stdout.write(Intl.Collator().resolvedOptions().locale + '\\n' + ReviewArtifacts.of(stack).render().get('summary.md'));",
      ].join('\n');
      const summaryUnder = (locale: string) => {
        const [collator, ...summary] = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LANG: locale, LC_ALL: locale } }).split('\n');
        return { collator, rows: dashboardRows(summary.join('\n')) };
      };
      const english = summaryUnder('en_US.UTF-8');
      const danish = summaryUnder('da_DK.UTF-8');
      expect([english.collator, danish.collator]).toEqual(['en-US', 'da-DK']);
      expect(english.rows).toHaveLength(4);
      expect(danish.rows).toEqual(english.rows);
    }, 30_000);

    test('refuses a duplicate uid, a dashboard failing the lint, and a bad folder', () => {
      const { grafana } = build();
      grafana.addDashboard(clusterOverviewDashboard(), { folder: 'Platform' });
      expect(() => grafana.addDashboard(clusterOverviewDashboard(), { folder: 'Other' })).toThrow('monitoring-test/grafana dashboard "cluster-overview": uid "cluster-overview" is added twice');
      const bad = Dashboard.fromJson({ uid: 'bad', title: 'Bad', panels: [{ type: 'graph', title: 'Old', targets: [{ expr: 'x_total' }] }] });
      expect(() => grafana.addDashboard(bad, { folder: 'Platform' })).toThrow(/fails the dashboard lint:[\s\S]*\[panel-no-deprecated-rule\] panel "Old"[\s\S]*\[target-counter-agg-rule\]/);
      expect(() => grafana.addDashboard(bad, { folder: 'Platform', lintExclusions: Object.values(LintRule) })).not.toThrow();
      expect(() => grafana.addDashboard(serviceOverviewDashboard({ service: 's', namespace: 'n' }), { folder: 'a/b' })).toThrow(/folder "a\/b" is not a folder name/);
    });
  });

  test.each<[string, Partial<GrafanaProps>, RegExp]>([
    ['2 replicas on SQLite', { replicas: 2 }, /monitoring-test\/grafana: replicas 2 needs an external database[\s\S]*GrafanaDatabase.postgres/],
    ['2 replicas sharing a volume', { replicas: 2, database: POSTGRES, storageGiB: 10 }, /storageGiB 10 with 2 replicas[\s\S]*set storageGiB: 0/],
    ['zero replicas', { replicas: 0 }, /replicas 0 must be a whole number of at least 1/],
    ['a bad admin Secret name', { adminSecret: { secretName: 'Grafana Admin' } }, /adminSecret.secretName "Grafana Admin" is not a valid Kubernetes Secret name/],
    ['a bad database host', { replicas: 2, database: GrafanaDatabase.postgres({ host: 'postgres://u:p@db', name: 'g', user: 'g', passwordSecret: { secretName: 'db' } }) }, /GrafanaDatabase.postgres: host "postgres:\/\/u:p@db" is not a host name/],
    ['a bad ssl mode', { database: GrafanaDatabase.postgres({ host: 'db', name: 'g', user: 'g', passwordSecret: { secretName: 'db' }, sslMode: 'on' }) }, /sslMode "on" is not one of disable, require/],
    ['a plaintext secret in extraIni', { extraIni: { 'auth.github': { client_secret: 'hunter2' } } }, /extraIni > \[auth.github\]: client_secret looks like a credential[\s\S]*\$__file/],
    ['extraIni overriding a managed key', { extraIni: { analytics: { reporting_enabled: true } } }, /reporting_enabled is set by the construct \(false\); use the typed prop/],
    ['a bad ingress host', { ingress: { host: 'https://grafana.example.com' } }, /ingress.host "https:\/\/grafana.example.com" is not a DNS host name/],
    ['a bad plugin id', { plugins: ['https://evil.example.com/p.zip'] }, /plugin "https:\/\/evil.example.com\/p.zip" is not a plugin id/],
    ['two datasources with one uid', { datasources: [loki(), fakeDatasource('loki' as never, { name: 'Loki 2' })] }, /datasource "Loki 2": uid "loki" is used by two datasources/],
    ['credentials in a datasource URL', { datasources: [fakeDatasource('loki' as never, { url: 'http://u:p@loki:3100' })] }, /url "http:\/\/loki:3100" carries credentials/],
    ['a trace id regex without a group', { datasources: [loki(), jaeger()], correlations: { logTraceIdRegex: 'trace_id=\\w+' } }, /logTraceIdRegex "trace_id=\\\\w\+" has no capture group/],
    ['a bad release name', { releaseName: 'Grafana' }, /releaseName "Grafana" is not allowed/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
