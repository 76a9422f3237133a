import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../../lib';

/** A stand-in for a component (Loki, Jaeger, Alertmanager…) that only implements the datasource interface. */
export function fakeDatasource(type: DatasourceType, overrides: Partial<GrafanaDatasourceDescriptor> = {}): IGrafanaDatasource {
  const descriptor: GrafanaDatasourceDescriptor = {
    type,
    name: type[0].toUpperCase() + type.slice(1),
    uid: type,
    url: `http://${type}.monitoring.svc:3100`,
    ...overrides,
  };
  return { grafanaDatasource: () => descriptor };
}

export const alertmanager = () => fakeDatasource(DatasourceType.ALERTMANAGER, { url: 'http://alertmanager.monitoring.svc:9093', jsonData: { implementation: 'prometheus' } });
export const loki = () => fakeDatasource(DatasourceType.LOKI, { url: 'http://loki-gateway.monitoring.svc:80' });
export const jaeger = () => fakeDatasource(DatasourceType.JAEGER, { url: 'http://jaeger-query.monitoring.svc:16686' });
