import { TerraformStack, Testing } from 'cdktf';
import { DatasourceType, ElasticsearchLogSink, GrafanaDatasourceDescriptor, IGrafanaDatasource, Prometheus, RemoteWrite } from '../../lib';
import { toYaml } from '../../lib/core/yaml';
import { Grafana } from '../../lib/grafana';
import { datasourceSecretEnv, renderDatasources, restoreDatasourceSecretReferences } from '../../lib/grafana/grafana-datasources';
import { escapeDatasourceValue } from '../../lib/grafana/grafana-escape';
import { expectValidationError } from '../support/refusal';
import { describeWithTool, helmTpl } from '../support/tools';
import { fakeDatasource, jaeger, loki } from './fixtures';
import { interpolateDeep } from './layer-emulation';

type Obj = Record<string, any>;

const MIMIR = RemoteWrite.mimir({
  url: 'https://mimir.example.com/api/v1/push', tenant: 'acme-prod', basicAuthSecret: 'mimir-credentials', queryUrl: 'https://mimir.example.com/prometheus/',
});
const ES = ElasticsearchLogSink.elasticsearch({
  url: 'https://logs.es.example.com:9200', logstashPrefix: 'mindweave-logs', credentials: { secretName: 'elasticsearch-credentials' }, ca: { secretName: 'elasticsearch-ca' },
});

function provisioning(datasources: IGrafanaDatasource[]): Obj[] {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
  const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus, ...datasources] });
  return (grafana.datasourceProvisioning() as Obj).datasources;
}

const byUid = (list: Obj[], uid: string) => list.find((d) => d.uid === uid)!;

describe('Elasticsearch/OpenSearch logs datasource (the log sink)', () => {
  test('GIVEN Jaeger THEN the logs link trace_id to it like Loki\'s derived field; index, time, message and level fields of the seeds\' schema', () => {
    const list = provisioning([loki(), jaeger(), ES]);
    const es = byUid(list, 'elasticsearch-logs');
    expect(es).toMatchObject({ type: 'elasticsearch', name: 'Elasticsearch logs', url: 'https://logs.es.example.com:9200', isDefault: false, editable: false });
    expect(es.jsonData).toMatchObject({ index: 'mindweave-logs-*', timeField: '@timestamp', logMessageField: 'message', logLevelField: 'level' });
    expect(es.jsonData.dataLinks).toEqual([{ field: 'trace_id', url: '${__value.raw}', datasourceUid: 'jaeger', urlDisplayLabel: 'View trace' }]);
    // the same target and url template as the Loki datasource's derived field
    const lokiLink = byUid(list, 'loki').jsonData.derivedFields[0];
    expect([es.jsonData.dataLinks[0].datasourceUid, es.jsonData.dataLinks[0].url]).toEqual([lokiLink.datasourceUid, lokiLink.url]);
  });

  test('without Jaeger there is no link; a data stream is its own index pattern; OpenSearch uses its plugin', () => {
    expect(byUid(provisioning([ES]), 'elasticsearch-logs').jsonData.dataLinks).toBeUndefined();
    const os = ElasticsearchLogSink.opensearch({ url: 'https://search.example.com', dataStream: 'logs-kubernetes-prod' });
    const d = byUid(provisioning([jaeger(), os]), 'opensearch-logs');
    expect(d).toMatchObject({ type: DatasourceType.OPENSEARCH, name: 'OpenSearch logs' });
    expect(d.jsonData).toMatchObject({ database: 'logs-kubernetes-prod', flavor: 'opensearch', timeField: '@timestamp' });
    expect(d.jsonData.dataLinks[0].datasourceUid).toBe('jaeger');
    expect(d.basicAuth).toBeUndefined();
    expect(d.secureJsonData).toBeUndefined();
  });

  test('credentials and CA come from the same Secrets as the shipper\'s, as environment references; Grafana\'s pod gets them by secretKeyRef', () => {
    const es = byUid(provisioning([ES]), 'elasticsearch-logs');
    expect(es.basicAuth).toBe(true);
    expect(es.basicAuthUser).toBe('$__env{GRAFANA_DS_ELASTICSEARCH_LOGS_BASIC_AUTH_USER}');
    expect(es.secureJsonData).toEqual({
      basicAuthPassword: '$__env{GRAFANA_DS_ELASTICSEARCH_LOGS_BASIC_AUTH_PASSWORD}',
      tlsCACert: '$__env{GRAFANA_DS_ELASTICSEARCH_LOGS_TLS_CA_CERT}',
    });
    expect(es.jsonData.tlsAuthWithCACert).toBe(true);
    expect(es.jsonData.tlsSkipVerify).toBeUndefined();
    expect(datasourceSecretEnv([ES.grafanaDatasource()])).toEqual({
      GRAFANA_DS_ELASTICSEARCH_LOGS_BASIC_AUTH_USER: { secretKeyRef: { name: 'elasticsearch-credentials', key: 'username' } },
      GRAFANA_DS_ELASTICSEARCH_LOGS_BASIC_AUTH_PASSWORD: { secretKeyRef: { name: 'elasticsearch-credentials', key: 'password' } },
      GRAFANA_DS_ELASTICSEARCH_LOGS_TLS_CA_CERT: { secretKeyRef: { name: 'elasticsearch-ca', key: 'ca.crt' } },
    });
  });
});

describe('the remote_write target as a long-term datasource', () => {
  test('GIVEN Mimir with a query URL THEN "Mimir (long-term)": Prometheus type, the same tenant, basic auth from the same Secret, and the same exemplar → trace links as the local Prometheus', () => {
    const list = provisioning([MIMIR.queryDatasource()!, jaeger()]);
    const local = byUid(list, 'prometheus');
    const mimir = byUid(list, 'mimir-long-term');
    expect(mimir).toMatchObject({ type: 'prometheus', name: 'Mimir (long-term)', url: 'https://mimir.example.com/prometheus', isDefault: false });
    expect(local.isDefault).toBe(true);
    expect(mimir.jsonData).toMatchObject({ prometheusType: 'Mimir', httpMethod: 'POST', httpHeaderName1: 'X-Scope-OrgID' });
    expect(mimir.jsonData.exemplarTraceIdDestinations).toEqual(local.jsonData.exemplarTraceIdDestinations);
    expect(mimir.jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: 'jaeger', urlDisplayLabel: 'View trace' }]);
    expect(mimir.basicAuth).toBe(true);
    expect(mimir.basicAuthUser).toBe('$__env{GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_USER}');
    expect(mimir.secureJsonData).toEqual({ httpHeaderValue1: 'acme-prod', basicAuthPassword: '$__env{GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD}' });
    expect(datasourceSecretEnv([MIMIR.queryDatasource()!.grafanaDatasource()])).toEqual({
      GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_USER: { secretKeyRef: { name: 'mimir-credentials', key: 'username' } },
      GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD: { secretKeyRef: { name: 'mimir-credentials', key: 'password' } },
    });
    // the write path is unchanged by the query URL
    expect(MIMIR.render('x')).toEqual(RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', tenant: 'acme-prod', basicAuthSecret: 'mimir-credentials' }).render('x'));
  });

  test('Thanos: the Querier with the tenant header and the bearer token from the write Secret; options rename it', () => {
    const thanos = RemoteWrite.thanosReceive({ url: 'https://thanos-receive.example.com/api/v1/receive', tenant: 'acme', bearerTokenSecret: 'thanos-token', queryUrl: 'http://thanos-query.thanos.svc:9090' });
    const d = byUid(provisioning([thanos.queryDatasource({ name: 'Thanos', uid: 'thanos', scrapeInterval: '30s' })!]), 'thanos');
    expect(d.jsonData).toMatchObject({ prometheusType: 'Thanos', timeInterval: '30s', httpHeaderName1: 'THANOS-TENANT', httpHeaderName2: 'Authorization' });
    expect(d.secureJsonData).toEqual({ httpHeaderValue1: 'acme', httpHeaderValue2: 'Bearer $__env{GRAFANA_DS_THANOS_HEADER_1}' });
    expect(datasourceSecretEnv([thanos.queryDatasource({ uid: 'thanos' })!.grafanaDatasource()])).toEqual({ GRAFANA_DS_THANOS_HEADER_1: { secretKeyRef: { name: 'thanos-token', key: 'token' } } });
  });

  test('not queryable: no query URL, or a generic receiver', () => {
    expect(RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push' }).queryDatasource()).toBeUndefined();
    expect(RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push' }).queryable).toBe(false);
    expect(RemoteWrite.generic({ url: 'https://rw.example.com/push' }).queryDatasource()).toBeUndefined();
    expect(MIMIR.queryable).toBe(true);
  });

  test.each<[string, string, string[]]>([
    ['the push URL', 'https://mimir.example.com/api/v1/push', ['is an API endpoint, not the Prometheus API root', '"https://mimir.example.com/prometheus"']],
    ['a query endpoint', 'https://mimir.example.com/prometheus/api/v1/query', ['is an API endpoint']],
    ['credentials in the URL', 'https://u:p@mimir.example.com/prometheus', ['carries credentials', 'remote_write Secret']],
    ['a token in the query', 'https://mimir.example.com/prometheus?token=abc', ['has a query or fragment']],
    ['not http(s)', 'mimir.example.com/prometheus', ['is not an http(s) URL']],
  ])('refuses %s as the Mimir query URL', (_, queryUrl, parts) => {
    expectValidationError(() => RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', queryUrl }).queryDatasource({}, 'monitoring-test/prometheus'), 'monitoring-test/prometheus', ...parts);
  });
});

describe('Secret references in datasource descriptors', () => {
  const withSecrets = (overrides: Partial<GrafanaDatasourceDescriptor>) => fakeDatasource(DatasourceType.PROMETHEUS, { uid: 'lts', name: 'LTS', url: 'https://lts.example.com', ...overrides }).grafanaDatasource();

  test.each<[string, Partial<GrafanaDatasourceDescriptor>, string[]]>([
    ['a bad Secret name', { basicAuth: { secretName: 'Mimir Creds', userKey: 'username', passwordKey: 'password' } }, ['basicAuth.secretName "Mimir Creds" is not a valid Kubernetes Secret name', 'name an existing Secret, e.g. basicAuth.secretName: "datasource-credentials"']],
    ['a bad key', { tlsCaCert: { secretName: 'ca', key: 'ca crt' } }, ['tlsCaCert.key "ca crt" is not a valid Secret key', 'e.g. tlsCaCert.key: "ca.crt"']],
    ['a Secret reference that is no object', { tlsCaCert: null as never }, ['tlsCaCert null is not a Secret reference', 'write tlsCaCert: { secretName: "datasource-ca", ... }']],
    ['a header given twice', { httpHeaders: { 'X-Scope-OrgID': 'a' }, secretHttpHeaders: { 'x-scope-orgid': { secretName: 's', key: 'k' } } }, ['is given both as a value and from a Secret']],
    ['a prefix with a $', { secretHttpHeaders: { Authorization: { secretName: 's', key: 'k', prefix: '$X ' } } }, ['prefix "$X " has control characters or \'$\'']],
  ])('refuses %s', (_, overrides, parts) => {
    expectValidationError(() => renderDatasources([withSecrets(overrides)], 'monitoring-test/grafana'), 'monitoring-test/grafana', ...parts);
  });

  test('refuses two uids that give the same environment variables', () => {
    const a = withSecrets({ uid: 'long-term', name: 'A', tlsCaCert: { secretName: 'ca', key: 'ca.crt' } });
    const b = withSecrets({ uid: 'long_term', name: 'B', tlsCaCert: { secretName: 'ca', key: 'ca.crt' } });
    expectValidationError(() => renderDatasources([a, b], 'monitoring-test/grafana'), 'uid "long_term" and "long-term" give the same environment variable names (GRAFANA_DS_LONG_TERM_*)');
  });

  test('a credential header is still refused as a plain value (only from a Secret)', () => {
    expectValidationError(() => renderDatasources([withSecrets({ httpHeaders: { Authorization: 'Bearer abc' } })], 'g'), 'HTTP header "Authorization" carries credentials');
    expect(() => renderDatasources([withSecrets({ secretHttpHeaders: { Authorization: { secretName: 'tok', key: 'token', prefix: 'Bearer ' } } })], 'g')).not.toThrow();
  });
});

describeWithTool('helm', 'through the three layers (Grafana escape + restore, the real helm tpl, Grafana\'s interpolation)', () => {
  test('Grafana reads the password from its environment, and every other $ stays literal', () => {
    const descriptors = [MIMIR.queryDatasource()!, ES, jaeger(), loki()].map((d) => d.grafanaDatasource());
    const rendered = { apiVersion: 1, datasources: renderDatasources(descriptors, 'g') };
    const env = { GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD: 'the-password', GRAFANA_DS_ELASTICSEARCH_LOGS_TLS_CA_CERT: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
    const grafanaView = (value: unknown) => {
      const result = helmTpl(toYaml({ datasources: { 'datasources.yaml': value } }), ['datasources', 'datasources.yaml']);
      expect(result.status).toBe(0);
      return interpolateDeep(result.value as Obj, env).datasources as Obj[];
    };
    const view = grafanaView(restoreDatasourceSecretReferences(escapeDatasourceValue(rendered), descriptors));
    expect(byUid(view, 'mimir-long-term').secureJsonData.basicAuthPassword).toBe('the-password');
    expect(byUid(view, 'elasticsearch-logs').secureJsonData.tlsCACert).toBe(env.GRAFANA_DS_ELASTICSEARCH_LOGS_TLS_CA_CERT);
    expect(byUid(view, 'elasticsearch-logs').jsonData.dataLinks[0].url).toBe('${__value.raw}');
    expect(byUid(view, 'loki').jsonData.derivedFields[0].url).toBe('${__value.raw}');
    // without the restore, Grafana would keep the reference literally (so the restore is what makes it work)
    const unrestored = grafanaView(escapeDatasourceValue(rendered));
    expect(byUid(unrestored, 'mimir-long-term').secureJsonData.basicAuthPassword).toBe('$__env{GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD}');
    // a user's literal text that looks like another reference is not restored
    const literal = { note: '$__env{HOME}' };
    expect(restoreDatasourceSecretReferences(escapeDatasourceValue(literal), descriptors)).toEqual({ note: '$$__env{HOME}' });
  });
});
