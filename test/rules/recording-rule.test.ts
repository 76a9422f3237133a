import { RecordingRule } from '../../lib/rules/recording-rule';
import { expectValidationError } from './rules-test-support';

describe('RecordingRule', () => {
  test('renders record, expr and labels (labels only when given)', () => {
    // GIVEN a rule with and one without labels THEN toJSON is the Prometheus rule object
    expect(new RecordingRule({ record: 'service:http_requests:rate5m', expr: 'sum by (service) (rate(http_requests_total[5m]))' }).toJSON()).toEqual({
      record: 'service:http_requests:rate5m',
      expr: 'sum by (service) (rate(http_requests_total[5m]))',
    });
    const labelled = new RecordingRule({ record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { slo: 'checkout' } });
    expect(labelled.toJSON()).toEqual({ record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { slo: 'checkout' } });
    expect(labelled.labels).toEqual({ slo: 'checkout' });
  });

  test.each(['service-http-requests', '5m:rate', 'a b'])('refuses record name %j', (record) => {
    expectValidationError(() => new RecordingRule({ record, expr: 'up' }), `RecordingRule ${JSON.stringify(record)} > record`, JSON.stringify(record), 'level:metric:operations');
  });

  test('refuses a missing record name', () => {
    expectValidationError(() => new RecordingRule({ record: undefined as unknown as string, expr: 'up' }), 'RecordingRule undefined', 'is missing', 'service:http_requests:rate5m');
  });

  test('refuses invalid PromQL and empty expressions', () => {
    expectValidationError(() => new RecordingRule({ record: 'r:x:y', expr: 'rate(x[5m]' }), 'RecordingRule "r:x:y" > expr', '"rate(x[5m]"', 'not valid PromQL');
    expectValidationError(() => new RecordingRule({ record: 'r:x:y', expr: '' }), 'RecordingRule "r:x:y" > expr', 'is empty');
  });

  test('refuses invalid label names, __name__ included', () => {
    expectValidationError(() => new RecordingRule({ record: 'r', expr: 'up', labels: { 'x-y': 'z' } }), 'RecordingRule "r" > labels > "x-y"', 'not a valid Prometheus label name');
    expectValidationError(() => new RecordingRule({ record: 'r', expr: 'up', labels: { __name__: 'z' } }), 'labels > "__name__"', 'the series name is the `record` prop');
  });
});
