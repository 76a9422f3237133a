import { Duration } from '../../lib/core/duration';
import { AlertRule } from '../../lib/rules/alert-rule';
import { RecordingRule } from '../../lib/rules/recording-rule';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { RuleGroup } from '../../lib/rules/rule-group';
import { Severity } from '../../lib/rules/severity';
import { checkUniqueGroupNames } from '../../lib/rules/unique-group-names';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { expectValidationError } from './rules-test-support';

const warning = (name: string, labels?: Record<string, string>) =>
  new AlertRule({ name, expr: 'up == 0', for: '1m', severity: Severity.WARNING, summary: 'Target {{ $labels.instance }} is down', labels });
const record = (name: string, labels?: Record<string, string>) => new RecordingRule({ record: name, expr: 'sum by (job) (up)', labels });

describe('RuleGroup', () => {
  test('keeps rules in order and splits them into alert and recording rules', () => {
    // GIVEN a group mixing both kinds
    const group = new RuleGroup('api', { interval: Duration.seconds(30), limit: 100, rules: [record('job:up:sum'), warning('Down')] });
    // THEN the views and the rendered object follow the input order
    expect(group.alertRules.map((r) => r.name)).toEqual(['Down']);
    expect(group.recordingRules.map((r) => r.record)).toEqual(['job:up:sum']);
    expect(group.toJSON()).toEqual({
      name: 'api',
      interval: '30s',
      limit: 100,
      rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }, expect.objectContaining({ alert: 'Down' })],
    });
  });

  test('omits interval and limit when not given', () => {
    expect(Object.keys(new RuleGroup('g', { rules: [warning('A')] }).toJSON())).toEqual(['name', 'rules']);
  });

  test('refuses an alert twice with the same labels, allows it with different labels', () => {
    expectValidationError(
      () => new RuleGroup('api', { rules: [warning('Down'), warning('Down')] }),
      'RuleGroup "api" > AlertRule "Down"',
      'appears twice',
      '{"severity":"warning"}',
      'tell them apart by name or by a static label',
    );
    expect(new RuleGroup('api', { rules: [warning('Down', { tier: 'a' }), warning('Down', { tier: 'b' })] }).rules).toHaveLength(2);
  });

  test('refuses the same record name twice', () => {
    expectValidationError(() => new RuleGroup('rec', { rules: [record('job:up:sum'), record('job:up:sum')] }), 'RuleGroup "rec" > RecordingRule "job:up:sum"', 'appears twice', 'remove the duplicate or rename one');
  });

  test.each([
    ['name', '', {}, 'RuleGroup ""', 'non-empty single-line name'],
    ['interval', 'g', { interval: '30 s' }, 'RuleGroup "g" > interval', '"30 s"'],
    ['interval', 'g', { interval: '0s' }, 'RuleGroup "g" > interval', 'give a positive interval'],
    ['limit', 'g', { limit: -1 }, 'RuleGroup "g" > limit', '-1 is not a positive whole number'],
    ['limit', 'g', { limit: 1.5 }, 'RuleGroup "g" > limit', '1.5'],
  ])('refuses a bad %s', (_prop, name, props, path, detail) => {
    expectValidationError(() => new RuleGroup(name, { rules: [warning('A')], ...props }), path, detail);
  });

  test('refuses an empty group and non-rules', () => {
    expectValidationError(() => new RuleGroup('g', { rules: [] }), 'RuleGroup "g" > rules', '[]', 'add at least one');
    expectValidationError(() => new RuleGroup('g', { rules: [{ alert: 'X' } as unknown as AlertRule] }), 'RuleGroup "g" > rules[0]', '{"alert":"X"}', 'new AlertRule');
  });
});

describe('checkUniqueGroupNames and renderRuleFile', () => {
  test('refuses duplicate group names where groups are combined', () => {
    const groups = [new RuleGroup('api', { rules: [warning('A')] }), new RuleGroup('api', { rules: [warning('B')] })];
    expectValidationError(() => checkUniqueGroupNames(groups, 'monitoring/prometheus'), 'monitoring/prometheus > RuleGroup "api"', 'used twice', 'unique name');
    expectValidationError(() => renderRuleFile(groups), 'RuleFile > RuleGroup "api"', 'used twice');
    expect(() => checkUniqueGroupNames([groups[0], new RuleGroup('web', { rules: [warning('A')] })], 'p')).not.toThrow();
  });

  test('renders deterministic YAML with templates verbatim', () => {
    // GIVEN the same groups built twice
    const build = () => [new RuleGroup('api', { interval: '30s', rules: [record('job:up:sum'), warning('Down')] })];
    // THEN the text is byte-identical and starts with groups:
    const text = renderRuleFile(build());
    expect(renderRuleFile(build())).toBe(text);
    expect(text.startsWith('groups:\n  - name: api\n    interval: 30s\n')).toBe(true);
    expect(text).toContain('{{ $labels.instance }}');
  });
});

describeWithTool('promtool', 'rendered rule file', () => {
  test('promtool check rules accepts a file with keep_firing_for, limit and templates', () => {
    const alert = new AlertRule({ name: 'Down', expr: 'up == 0', for: '1m', keepFiringFor: '5m', severity: Severity.WARNING, summary: 'Target {{ $labels.instance }} is down ({{ $value | humanize }})' });
    const result = promtoolCheckRules(renderRuleFile([new RuleGroup('api', { interval: '30s', limit: 10, rules: [record('job:up:sum'), alert] })]));
    expect(result.output).toContain('SUCCESS: 2 rules found');
    expect(result.status).toBe(0);
  });
});
