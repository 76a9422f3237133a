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
  public static milliseconds(amount: number): Duration {
    return new Duration(amount, 'ms');
  }
  public static seconds(amount: number): Duration {
    return new Duration(amount * UNIT_MS.s, 's');
  }
  public static minutes(amount: number): Duration {
    return new Duration(amount * UNIT_MS.m, 'm');
  }
  public static hours(amount: number): Duration {
    return new Duration(amount * UNIT_MS.h, 'h');
  }
  public static days(amount: number): Duration {
    return new Duration(amount * UNIT_MS.d, 'd');
  }
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

  public toSeconds(): number {
    return this.totalMilliseconds / 1000;
  }
  public toMinutes(): number {
    return this.totalMilliseconds / UNIT_MS.m;
  }
  public toHours(): number {
    return this.totalMilliseconds / UNIT_MS.h;
  }
  public toDays(): number {
    return this.totalMilliseconds / UNIT_MS.d;
  }

  public isZero(): boolean {
    return this.totalMilliseconds === 0;
  }

  public compareTo(other: Duration): number {
    return this.totalMilliseconds - other.totalMilliseconds;
  }

  public plus(other: Duration): Duration {
    return Duration.milliseconds(this.totalMilliseconds + other.totalMilliseconds);
  }

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

export function toDuration(value: DurationLike, where: string): Duration {
  return value instanceof Duration ? value : Duration.parse(value, where);
}
