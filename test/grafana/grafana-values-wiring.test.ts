// Grafana's values carry the datasources' credentials as environment variables from Secrets, never the values.
import { TerraformStack, Testing } from 'cdktf';
import { ElasticsearchLogSink, Prometheus, RemoteWrite } from '../../lib';
import { Grafana } from '../../lib/grafana';
import { releaseValues } from '../support/synth';
import { describeWithTool, helmTpl } from '../support/tools';
import { toYaml } from '../../lib/core/yaml';
import { interpolateDeep } from './layer-emulation';
import { jaeger } from './fixtures';

describe('Grafana values: datasource credentials from Secrets', () => {
  const build = () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    const mimir = RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', tenant: 'prod', basicAuthSecret: 'mimir-credentials', queryUrl: 'https://mimir.example.com/prometheus' });
    const es = ElasticsearchLogSink.elasticsearch({ url: 'https://es.example.com:9200', credentials: { secretName: 'es-credentials' }, ca: { secretName: 'es-ca' } });
    return new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus, mimir.queryDatasource()!, es, jaeger()] });
  };

  test('the pod reads each Secret key into the variable the provisioning file names', () => {
    const values = releaseValues(build()) as any;
    expect(values.envValueFrom).toMatchObject({
      GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD: { secretKeyRef: { name: 'mimir-credentials', key: 'password' } },
      GRAFANA_DS_ELASTICSEARCH_LOGS_TLS_CA_CERT: { secretKeyRef: { name: 'es-ca', key: 'ca.crt' } },
    });
  });

  describeWithTool('helm', 'through helm tpl and Grafana interpolation', () => {
    test('Grafana resolves the references and keeps ${__value.raw} literal', () => {
      const values = releaseValues(build()) as any;
      const rendered = helmTpl(toYaml({ datasources: values.datasources }), ['datasources', 'datasources.yaml']);
      expect(rendered.status).toBe(0);
      const view = interpolateDeep(rendered.value as any, { GRAFANA_DS_MIMIR_LONG_TERM_BASIC_AUTH_PASSWORD: 'pw' }).datasources;
      expect(view.find((d: any) => d.uid === 'mimir-long-term').secureJsonData.basicAuthPassword).toBe('pw');
      expect(view.find((d: any) => d.uid === 'elasticsearch-logs').jsonData.dataLinks[0].url).toBe('${__value.raw}');
    });
  });
});
