import { Duration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';

/**
 * The compliance period of an SLO: the rolling window over which the objective must hold and the
 * error budget is counted (Sloth's "time window"). Create with the constants or `SloPeriod.days(n)`.
 */
export class SloPeriod {
  /** A rolling 30 days (Sloth's and Google's default). */
  public static readonly DAYS_30 = new SloPeriod(30);
  /** A rolling 28 days (four whole weeks, so every period has the same number of weekends). */
  public static readonly DAYS_28 = new SloPeriod(28);
  /** A rolling 7 days (short feedback loop; burn-rate factors scale down accordingly). */
  public static readonly DAYS_7 = new SloPeriod(7);

  /**
   * One of the supported periods by its length in days (30, 28 or 7).
   * @param where the model path of the value, for the error message.
   */
  public static days(days: number, where = 'SloPeriod'): SloPeriod {
    const found = SUPPORTED.find((period) => period.days === days);
    if (found === undefined) {
      throw new ValidationError(
        where,
        `${show(days)} days is not a supported SLO period; use SloPeriod.DAYS_30 (the default), SloPeriod.DAYS_28 or SloPeriod.DAYS_7.`,
      );
    }
    return found;
  }

  /** Parses `30d`, `28d` or `7d` (the form Sloth's CLI and specs use). */
  public static parse(text: string, where = 'SloPeriod'): SloPeriod {
    const match = typeof text === 'string' ? /^(\d+)d$/.exec(text) : null;
    const found = match ? SUPPORTED.find((period) => period.days === Number(match[1])) : undefined;
    if (found === undefined) {
      throw new ValidationError(where, `${show(text)} is not a supported SLO period; write "30d", "28d" or "7d".`);
    }
    return found;
  }

  /** The period as a duration (`30d`). */
  public readonly duration: Duration;

  private constructor(
    /** The length of the period in whole days. */
    public readonly days: number,
  ) {
    this.duration = Duration.days(days);
  }

  /** Prometheus duration text, e.g. `30d`. */
  public toString(): string {
    return this.duration.toPrometheus();
  }
}

const SUPPORTED: ReadonlyArray<SloPeriod> = [SloPeriod.DAYS_30, SloPeriod.DAYS_28, SloPeriod.DAYS_7];
