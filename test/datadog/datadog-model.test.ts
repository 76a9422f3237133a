import { DatadogSite } from '../../lib/datadog';
import { renderDatadogTags } from '../../lib/datadog/datadog-tags';
import { validateDatadogClusterName } from '../../lib/datadog/cluster-name';

describe('Datadog model', () => {
  test('the seven Datadog sites, each with its intake host and API URL', () => {
    expect(DatadogSite.all().map((s) => [s.name, s.site, s.apiUrl])).toEqual([
      ['US1', 'datadoghq.com', 'https://api.datadoghq.com/'],
      ['US3', 'us3.datadoghq.com', 'https://api.us3.datadoghq.com/'],
      ['US5', 'us5.datadoghq.com', 'https://api.us5.datadoghq.com/'],
      ['EU1', 'datadoghq.eu', 'https://api.datadoghq.eu/'],
      ['AP1', 'ap1.datadoghq.com', 'https://api.ap1.datadoghq.com/'],
      ['AP2', 'ap2.datadoghq.com', 'https://api.ap2.datadoghq.com/'],
      ['US1_FED', 'ddog-gov.com', 'https://api.ddog-gov.com/'],
    ]);
  });

  test.each(['prod-eu-1', 'a', 'prod.eu-west-1.example', `a${'b'.repeat(79)}`])('accepts cluster name %s (dots allowed, up to 80 characters)', (name) => {
    expect(validateDatadogClusterName(name, 'here')).toBe(name);
  });

  test.each(['', 'Prod', 'prod_1', '-prod', 'prod.', 'prod..eu', 'prod.1eu', `a${'b'.repeat(80)}`])('refuses cluster name %j', (name) => {
    expect(() => validateDatadogClusterName(name, 'here')).toThrow(/^here: clusterName /);
  });

  test('tags are sorted key:value strings', () => {
    expect(renderDatadogTags({ team: 'platform', env: 'prod', service: 'api/v2' }, 'here')).toEqual(['env:prod', 'service:api/v2', 'team:platform']);
    expect(() => renderDatadogTags({ team: '' }, 'here')).toThrow(/tag team has value ""/);
    expect(() => renderDatadogTags({ team: 'x'.repeat(200) }, 'here')).toThrow(/longer than Datadog's 200 characters/);
  });
});
