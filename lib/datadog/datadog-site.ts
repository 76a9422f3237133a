import { ValidationError, show } from '../core/validation-error';

/**
 * A Datadog site (region of the Datadog service). The agent sends data to `site`; the Terraform
 * provider talks to `apiUrl`. See https://docs.datadoghq.com/getting_started/site/.
 */
export class DatadogSite {
  /** US1, the default site: `datadoghq.com`. */
  public static readonly US1 = new DatadogSite('US1', 'datadoghq.com', 'https://api.datadoghq.com/');
  /** US3: `us3.datadoghq.com`. */
  public static readonly US3 = new DatadogSite('US3', 'us3.datadoghq.com', 'https://api.us3.datadoghq.com/');
  /** US5: `us5.datadoghq.com`. */
  public static readonly US5 = new DatadogSite('US5', 'us5.datadoghq.com', 'https://api.us5.datadoghq.com/');
  /** EU1: `datadoghq.eu`. */
  public static readonly EU1 = new DatadogSite('EU1', 'datadoghq.eu', 'https://api.datadoghq.eu/');
  /** AP1 (Japan): `ap1.datadoghq.com`. */
  public static readonly AP1 = new DatadogSite('AP1', 'ap1.datadoghq.com', 'https://api.ap1.datadoghq.com/');
  /** AP2 (Australia): `ap2.datadoghq.com`. */
  public static readonly AP2 = new DatadogSite('AP2', 'ap2.datadoghq.com', 'https://api.ap2.datadoghq.com/');
  /** US1-FED (GovCloud): `ddog-gov.com`. */
  public static readonly US1_FED = new DatadogSite('US1_FED', 'ddog-gov.com', 'https://api.ddog-gov.com/');

  /** Every known site. */
  public static all(): DatadogSite[] {
    return [DatadogSite.US1, DatadogSite.US3, DatadogSite.US5, DatadogSite.EU1, DatadogSite.AP1, DatadogSite.AP2, DatadogSite.US1_FED];
  }

  /** Checks that `value` is one of the DatadogSite constants (JavaScript callers can pass anything). */
  public static check(value: unknown, where: string): DatadogSite {
    if (value instanceof DatadogSite) return value;
    const byHost = DatadogSite.all().find((site) => site.site === value);
    const hint = byHost ? ` (for ${show(value)} write DatadogSite.${byHost.name})` : '';
    throw new ValidationError(where, `site ${show(value)} is not a Datadog site${hint}; use one of ${DatadogSite.all().map((s) => `DatadogSite.${s.name}`).join(', ')}.`);
  }

  private constructor(
    /** Datadog's name of the site, e.g. `EU1`. */
    public readonly name: string,
    /** The site host the agent is given (`datadog.site`), e.g. `datadoghq.eu`. */
    public readonly site: string,
    /** Base URL of the site's API, for the Terraform provider's `api_url`. */
    public readonly apiUrl: string,
  ) {}

  /** The site host (e.g. `datadoghq.eu`), so a site drops into template strings. */
  public toString(): string {
    return this.site;
  }
}
