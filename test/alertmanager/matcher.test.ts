import { Matcher } from '../../lib/alertmanager';
import { refusal } from '../support/refusal';


describe('Matcher', () => {
  test('parses the four operators and renders them back in Alertmanager syntax', () => {
    // GIVEN matcher text as users write it
    const texts = ['team="platform"', 'env!="dev"', 'severity=~"critical|warning"', 'alertname!~"Watchdog"'];
    // WHEN parsed and rendered
    const rendered = texts.map((t) => Matcher.parse(t).toString());
    // THEN the text round-trips
    expect(rendered).toEqual(texts);
  });

  test('accepts unquoted values, as Alertmanager does', () => {
    const m = Matcher.parse('team = platform');
    expect([m.name, m.operator, m.value]).toEqual(['team', '=', 'platform']);
  });

  test('escapes quotes, backslashes and newlines when rendering, and reads them back', () => {
    // GIVEN a regex with a backslash and a value with a quote
    const m = Matcher.regex('path', 'a\\.b|c"d');
    // WHEN rendered and parsed again
    const text = m.toString();
    // THEN the escapes are Alertmanager's and the value survives
    expect(text).toBe('path=~"a\\\\.b|c\\"d"');
    expect(Matcher.parse(text).value).toBe('a\\.b|c"d');
  });

  test('keeps unknown escapes with their backslash, like Alertmanager 0.25', () => {
    expect(Matcher.parse('path=~"a\\.b"').value).toBe('a\\.b');
  });

  test('matches like Alertmanager: regexes anchored, a missing label is the empty string', () => {
    // GIVEN matchers
    const critical = Matcher.regex('severity', 'crit.*');
    const notDev = Matcher.notEq('env', 'dev');
    const noTeam = Matcher.eq('team', '');
    // THEN
    expect(critical.matches({ severity: 'critical' })).toBe(true);
    expect(critical.matches({ severity: 'xcritical' })).toBe(false); // anchored at the start
    expect(Matcher.regex('a', 'b').matches({ a: 'bb' })).toBe(false); // anchored at the end
    expect(notDev.matches({})).toBe(true);
    expect(noTeam.matches({})).toBe(true);
    expect(Matcher.notRegex('team', '.+').matches({})).toBe(true);
    expect(Matcher.regex('a', '(?i)high.*').matches({ a: 'HighLatency' })).toBe(true);
    expect(Matcher.regex('a', '(?P<x>foo)bar').matches({ a: 'foobar' })).toBe(true);
  });

  test.each([
    ['bad label name', () => Matcher.eq('1team', 'x'), '"1team"', 'letters, digits and underscores'],
    ['no operator', () => Matcher.parse('team'), '"team"', 'write label, operator'],
    ['unclosed quote', () => Matcher.parse('team="platform'), 'team=\\"platform', 'closing quote'],
    ['unescaped quote', () => Matcher.parse('team="a"b"'), 'team=\\"a\\"b\\"', 'unescaped \'"\' inside the value'],
    ['lookahead', () => Matcher.regex('a', '(?=x)x'), '"(?=x)x"', 'not supported by RE2'],
    ['backreference', () => Matcher.regex('a', '(a)\\1'), '"(a)\\\\1"', 'match the text explicitly'],
    ['POSIX class', () => Matcher.regex('a', '[[:alpha:]]+'), '"[[:alpha:]]+"', '"[A-Za-z]"'],
    ['\\p class', () => Matcher.regex('a', '\\pL+'), '"\\\\pL+"', 'character class'],
    ['JS named group', () => Matcher.regex('a', '(?<n>x)'), '"(?<n>x)"', '(?P<name>...)'],
    ['inline flag in the middle', () => Matcher.regex('a', 'x(?i)y'), '"x(?i)y"', 'very start'],
    ['repeat over 1000', () => Matcher.regex('a', 'x{1001}'), '"x{1001}"', 'limit of 1000'],
    ['syntax error', () => Matcher.regex('a', '(unclosed'), '"(unclosed"', 'not a valid regular expression'],
  ])('refuses %s, naming the value and the fix', (_case, fn, badValue, fix) => {
    // WHEN the bad matcher is created
    const error = refusal(fn);
    // THEN the message names the bad value and the way out
    expect(error.message).toContain(badValue);
    expect(error.message).toContain(fix);
  });
});
