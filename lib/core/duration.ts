import { ValidationError, show } from './validation-error';

const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

// Prometheus's duration grammar: units in descending order, each at most once, e.g. 1h30m, 5m, 90s.
const PROMETHEUS_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * A length of time, rendered in Prometheus's duration syntax (`5m`, `1h30m`, `15d`).
 *
 * Create with the unit factories (`Duration.minutes(5)`) or parse user text with
 * `Duration.parse('5m')`. Durations are whole milliseconds and never negative.
 */
export class Duration {
  /** `amount` milliseconds (a whole, non-negative number). */
  public static milliseconds(amount: number): Duration {
    return new Duration(amount, 'ms');
  }
  /** `amount` seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount * UNIT_MS.s, 's');
  }
  /** `amount` minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount * UNIT_MS.m, 'm');
  }
  /** `amount` hours. */
  public static hours(amount: number): Duration {
    return new Duration(amount * UNIT_MS.h, 'h');
  }
  /** `amount` days (24 h each). */
  public static days(amount: number): Duration {
    return new Duration(amount * UNIT_MS.d, 'd');
  }
  /** `amount` weeks (7 days each). */
  public static weeks(amount: number): Duration {
    return new Duration(amount * UNIT_MS.w, 'w');
  }

  /**
   * Parses Prometheus duration text (`30s`, `5m`, `1h30m`, `15d`, `2w`).
   * @param where names the place the text came from, for the error message.
   */
  public static parse(text: string, where = 'Duration'): Duration {
    const match = typeof text === 'string' ? PROMETHEUS_DURATION.exec(text) : null;
    if (!match || text === '') {
      throw new ValidationError(
        where,
        `${show(text)} is not a Prometheus duration; write a number followed by units in descending order, e.g. "30s", "5m", "1h30m", "15d".`,
      );
    }
    let ms = 0;
    UNIT_ORDER.forEach((unit, index) => {
      const amount = match[index + 1];
      if (amount !== undefined) ms += Number(amount) * UNIT_MS[unit];
    });
    return new Duration(ms, 'ms');
  }

  /** Total length in milliseconds. */
  public readonly totalMilliseconds: number;

  private constructor(ms: number, unit: string) {
    if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) {
      throw new ValidationError(
        'Duration',
        `${show(ms / (UNIT_MS[unit] ?? 1))}${unit} is not a valid duration; use a whole, non-negative amount (e.g. Duration.minutes(5)).`,
      );
    }
    this.totalMilliseconds = ms;
  }

  /** The length in seconds (fractional when not whole). */
  public toSeconds(): number {
    return this.totalMilliseconds / 1000;
  }
  /** The length in minutes (fractional when not whole). */
  public toMinutes(): number {
    return this.totalMilliseconds / UNIT_MS.m;
  }
  /** The length in hours (fractional when not whole). */
  public toHours(): number {
    return this.totalMilliseconds / UNIT_MS.h;
  }
  /** The length in days (fractional when not whole). */
  public toDays(): number {
    return this.totalMilliseconds / UNIT_MS.d;
  }

  /** Whether this is the zero duration (`0s`). */
  public isZero(): boolean {
    return this.totalMilliseconds === 0;
  }

  /**
   * Negative when shorter than `other`, 0 when equal, positive when longer (milliseconds of difference); usable as a sort comparator.
   */
  public compareTo(other: Duration): number {
    return this.totalMilliseconds - other.totalMilliseconds;
  }

  /** The sum of this duration and `other`. */
  public plus(other: Duration): Duration {
    return Duration.milliseconds(this.totalMilliseconds + other.totalMilliseconds);
  }

  /** This duration scaled by `factor`, rounded to whole milliseconds. */
  public times(factor: number): Duration {
    return Duration.milliseconds(Math.round(this.totalMilliseconds * factor));
  }

  /**
   * Prometheus syntax, largest units first, without weeks or years so the text reads the way people
   * write retention and windows (`15d`, `1h30m`, `0s`).
   */
  public toPrometheus(): string {
    if (this.totalMilliseconds === 0) return '0s';
    let rest = this.totalMilliseconds;
    let out = '';
    for (const unit of ['d', 'h', 'm', 's', 'ms']) {
      const amount = Math.floor(rest / UNIT_MS[unit]);
      if (amount > 0) {
        out += `${amount}${unit}`;
        rest -= amount * UNIT_MS[unit];
      }
    }
    return out;
  }

  /** Same as {@link toPrometheus}; lets durations drop into template strings. */
  public toString(): string {
    return this.toPrometheus();
  }
}

/** Accepts either a Duration or Prometheus duration text, as user-facing props do. */
export type DurationLike = Duration | string;

/**
 * A Duration from a {@link DurationLike}: returned as is, or parsed from Prometheus text; `where` names the prop for the error message.
 */
export function toDuration(value: DurationLike, where: string): Duration {
  return value instanceof Duration ? value : Duration.parse(value, where);
}
