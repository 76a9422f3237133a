import { isValidLabelName, isValidMetricName, validateLabelMap, validateLabelName, validateMetricName } from '../../lib/rules/label-names';
import { expectValidationError } from './rules-test-support';

describe('label and metric names', () => {
  test('accepts the names Prometheus accepts', () => {
    // GIVEN names that follow Prometheus's rules THEN they pass unchanged
    expect(validateLabelName('service_tier', 'here')).toBe('service_tier');
    expect(validateLabelName('_private', 'here')).toBe('_private');
    expect(validateMetricName('service:http_requests:rate5m', 'here')).toBe('service:http_requests:rate5m');
    expect(isValidLabelName('a1')).toBe(true);
    expect(isValidMetricName(':x')).toBe(true);
  });

  test.each(['1abc', 'has-dash', 'has space', '', 'colon:label', 'é'])('refuses label name %j', (name) => {
    // WHEN an invalid label name is validated THEN the error names where, the value and the rule
    expectValidationError(() => validateLabelName(name, 'AlertRule "X" > labels'), 'AlertRule "X" > labels', JSON.stringify(name), 'letters, digits and underscores');
  });

  test('refuses the reserved __ prefix for user labels', () => {
    expectValidationError(() => validateLabelName('__name__', 'where'), 'where', '"__name__"', 'reserves', 'without the leading "__"');
  });

  test.each(['1metric', 'with-dash', 'a.b', ''])('refuses metric / record name %j', (name) => {
    expectValidationError(() => validateMetricName(name, 'RecordingRule > record'), 'RecordingRule > record', JSON.stringify(name), 'level:metric:operations');
  });

  test('label maps: sorted, values must be strings, reserved keys point to their prop', () => {
    // GIVEN a map in any key order WHEN validated THEN keys come out sorted (deterministic output)
    expect(Object.keys(validateLabelMap({ zeta: '1', alpha: '2' }, 'w'))).toEqual(['alpha', 'zeta']);
    // AND a non-string value is refused with a quoted fix
    expectValidationError(() => validateLabelMap({ tier: 1 as unknown as string }, 'w'), 'w > "tier"', 'value 1 is not a string', '"1"');
    // AND a reserved key names the prop to use
    expectValidationError(() => validateLabelMap({ severity: 'x' }, 'w', { severity: 'use the `severity` prop' }), 'w > "severity"', 'use the `severity` prop');
  });
});
