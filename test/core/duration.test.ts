import { Duration, ValidationError } from '../../lib';
import { toDuration } from '../../lib/core/duration';

describe('Duration', () => {
  test('renders Prometheus syntax, largest units first', () => {
    expect(Duration.minutes(5).toPrometheus()).toBe('5m');
    expect(Duration.minutes(90).toPrometheus()).toBe('1h30m');
    expect(Duration.days(15).toPrometheus()).toBe('15d');
    expect(Duration.weeks(2).toPrometheus()).toBe('14d');
    expect(Duration.seconds(0).toPrometheus()).toBe('0s');
    expect(Duration.milliseconds(1500).toPrometheus()).toBe('1s500ms');
  });

  test('parses what Prometheus accepts and round-trips', () => {
    for (const text of ['30s', '5m', '1h30m', '15d', '2w', '1y', '100ms', '1d2h3m4s']) {
      const parsed = Duration.parse(text);
      expect(Duration.parse(parsed.toPrometheus()).totalMilliseconds).toBe(parsed.totalMilliseconds);
    }
    expect(Duration.parse('1h30m').toMinutes()).toBe(90);
    expect(Duration.parse('2w').toDays()).toBe(14);
  });

  test.each(['', '5', '5 m', '-5m', '1m1h', '1.5h', 'five minutes', '5M'])('refuses %p with the value and an example', (text) => {
    // WHEN parsing text that is not a Prometheus duration THEN the error names the place, the text and the fix
    expect(() => Duration.parse(text, 'AlertRule "X" for')).toThrow(ValidationError);
    expect(() => Duration.parse(text, 'AlertRule "X" for')).toThrow(`AlertRule "X" for: ${JSON.stringify(text)} is not a Prometheus duration`);
  });

  test('refuses negative and fractional amounts', () => {
    expect(() => Duration.minutes(-1)).toThrow(/-1m is not a valid duration; use a whole, non-negative amount/);
    expect(() => Duration.milliseconds(0.5)).toThrow(/not a valid duration/);
  });

  test('compares, adds and scales', () => {
    expect(Duration.minutes(1).compareTo(Duration.seconds(59))).toBeGreaterThan(0);
    expect(Duration.minutes(1).plus(Duration.seconds(30)).toPrometheus()).toBe('1m30s');
    expect(Duration.hours(1).times(6).toPrometheus()).toBe('6h');
    expect(toDuration('5m', 'x').toSeconds()).toBe(300);
    expect(toDuration(Duration.hours(2), 'x').toHours()).toBe(2);
  });
});
