import { ValidationError, show } from '../core/validation-error';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A time of day range, `HH:MM` to `HH:MM` (end exclusive, `24:00` allowed as end). */
export interface TimeOfDayRange {
  /** Start, e.g. `09:00`. */
  readonly start: string;
  /** End (exclusive), e.g. `17:00`. */
  readonly end: string;
}

/**
 * One period of a {@link TimeInterval}: all given fields must hold at once (Alertmanager's
 * `time_intervals[]` entry). Leaving a field out means "any".
 */
export interface TimePeriodProps {
  /**
   * Times of day.
   * @default any time of day
   */
  readonly times?: ReadonlyArray<TimeOfDayRange>;
  /**
   * Weekdays or inclusive ranges, e.g. `['monday:friday']`, `['saturday', 'sunday']`.
   * @default any day of the week
   */
  readonly weekdays?: ReadonlyArray<string>;
  /**
   * Days of the month or ranges; negative counts from the end (`'-1'` is the last day), e.g. `['1:5']`.
   * @default any day of the month
   */
  readonly daysOfMonth?: ReadonlyArray<string>;
  /**
   * Months by name or number, or ranges, e.g. `['december']`, `['1:3']`.
   * @default any month
   */
  readonly months?: ReadonlyArray<string>;
  /**
   * Years or ranges, e.g. `['2026']`, `['2026:2027']`.
   * @default any year
   */
  readonly years?: ReadonlyArray<string>;
  /**
   * IANA time zone the times and days are read in, e.g. `Europe/Berlin`. The Alertmanager image
   * must carry the zone database (the official image does).
   * @default 'UTC'
   */
  readonly location?: string;
}

/** Props of {@link TimeInterval.businessHours}. */
export interface BusinessHoursProps {
  /**
   * IANA time zone.
   * @default 'UTC'
   */
  readonly location?: string;
  /**
   * Start of the working day.
   * @default '09:00'
   */
  readonly start?: string;
  /**
   * End of the working day (exclusive).
   * @default '17:00'
   */
  readonly end?: string;
}

/**
 * A named set of time periods, referenced by routes' `muteTimeIntervals` (no notifications during
 * it) and `activeTimeIntervals` (notifications only during it). Rendered under `time_intervals:`
 * (Alertmanager 0.24+; the older `mute_time_intervals:` block is deprecated).
 */
export class TimeInterval {
  /** Monday to Friday, 09:00-17:00 in the given zone. */
  public static businessHours(name: string, props: BusinessHoursProps = {}): TimeInterval {
    return new TimeInterval(name, [
      {
        weekdays: ['monday:friday'],
        times: [{ start: props.start ?? '09:00', end: props.end ?? '17:00' }],
        location: props.location,
      },
    ]);
  }

  /** The rendered periods. */
  private readonly rendered: Record<string, unknown>[];

  constructor(
    /** Name routes use to refer to the interval. */
    public readonly name: string,
    periods: ReadonlyArray<TimePeriodProps>,
  ) {
    const where = `TimeInterval ${show(name)}`;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ValidationError(where, `name ${show(name)} is not valid; use letters, digits, "-", "_" and "." (e.g. "business-hours").`);
    }
    if (!Array.isArray(periods) || periods.length === 0) {
      throw new ValidationError(where, `periods ${show(periods)} must be a non-empty list; give at least one period, e.g. [{ weekdays: ["saturday", "sunday"] }].`);
    }
    this.rendered = periods.map((p, i) => renderPeriod(p, `${where} > periods[${i}]`));
  }

  /** The `time_intervals[]` entry of the configuration. */
  public toJSON(): Record<string, unknown> {
    return { name: this.name, time_intervals: this.rendered };
  }
}

function renderPeriod(p: TimePeriodProps, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.times !== undefined) {
    out.times = p.times.map((t, i) => {
      const at = `${where} > times[${i}]`;
      for (const v of [t.start, t.end]) {
        if (typeof v !== 'string' || !CLOCK.test(v)) {
          throw new ValidationError(at, `${show(v)} is not a time of day; write "HH:MM" in 24-hour time (e.g. "09:00", "24:00" as an end).`);
        }
      }
      if (t.start === '24:00' || t.start >= t.end) {
        throw new ValidationError(at, `start ${show(t.start)} must be before end ${show(t.end)}; a range over midnight is two ranges ("22:00"-"24:00" and "00:00"-"06:00").`);
      }
      return { start_time: t.start, end_time: t.end };
    });
  }
  if (p.weekdays !== undefined) {
    out.weekdays = ranges(p.weekdays, `${where} > weekdays`, (v) => (WEEKDAYS.includes(v.toLowerCase()) ? WEEKDAYS.indexOf(v.toLowerCase()) : -100), 'a weekday name such as "monday" or a range "monday:friday"').map((r) => r.toLowerCase());
  }
  if (p.daysOfMonth !== undefined) {
    out.days_of_month = ranges(p.daysOfMonth, `${where} > daysOfMonth`, (v) => {
      const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
      return n !== 0 && Math.abs(n) <= 31 ? n : -100;
    }, 'a day 1..31 or -31..-1 (counted from the end), or a range "1:5"');
  }
  if (p.months !== undefined) {
    out.months = ranges(p.months, `${where} > months`, (v) => {
      const byName = MONTHS.indexOf(v.toLowerCase());
      if (byName >= 0) return byName + 1;
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      return n >= 1 && n <= 12 ? n : -100;
    }, 'a month name or number 1..12, or a range "january:march"').map((r) => r.toLowerCase());
  }
  if (p.years !== undefined) {
    out.years = ranges(p.years, `${where} > years`, (v) => (/^\d{4}$/.test(v) ? Number(v) : -100), 'a four-digit year or a range "2026:2027"');
  }
  const location = p.location ?? 'UTC';
  if (!isTimeZone(location)) {
    throw new ValidationError(`${where} > location`, `${show(location)} is not an IANA time zone; write e.g. "UTC" or "Europe/Berlin" ("Local" depends on the pod and is refused).`);
  }
  out.location = location;
  return out;
}

/** Validates `a` or `a:b` items; `position` returns an ordinal or a negative sentinel (-100) when invalid. */
function ranges(items: ReadonlyArray<string>, where: string, position: (v: string) => number, expected: string): string[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValidationError(where, `${show(items)} must be a non-empty list of ${expected}; leave the field out to mean "any".`);
  }
  return items.map((item, i) => {
    const at = `${where}[${i}]`;
    const parts = typeof item === 'string' ? item.split(':') : [];
    const positions = parts.map(position);
    if (parts.length < 1 || parts.length > 2 || positions.some((n) => n === -100)) {
      throw new ValidationError(at, `${show(item)} is not ${expected}.`);
    }
    if (positions.length === 2 && (positions[0] >= 0) === (positions[1] >= 0) && positions[0] > positions[1]) {
      throw new ValidationError(at, `range ${show(item)} ends before it starts; write the earlier value first.`);
    }
    return item;
  });
}

/** Zones already asked of Intl (building a DateTimeFormat is slow, and the same few zones recur). */
const knownTimeZones = new Map<string, boolean>();
/** The canonical IANA zones (~1.5 ms, where the first DateTimeFormat loads locale data for ~13 ms). */
let canonicalTimeZones: ReadonlySet<string> | undefined;

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '' || zone === 'Local') return false;
  canonicalTimeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalTimeZones.has(zone)) return true;
  // Links and aliases ("UTC", "US/Pacific"), which Alertmanager's tzdata accepts too, are not listed.
  let known = knownTimeZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownTimeZones.set(zone, known);
  }
  return known;
}
