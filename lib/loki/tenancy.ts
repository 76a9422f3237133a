import { ValidationError, show } from '../core/validation-error';

// Loki tenant ids: up to 150 characters of this set (and not "." or "..").
const TENANT_ID = /^[a-zA-Z0-9!\-_.*'()]{1,150}$/;

/**
 * Loki's multi-tenancy choice (`auth_enabled`), made explicitly. Single-tenant stores everything as
 * tenant `fake` and needs no header; multi-tenant requires `X-Scope-OrgID` on every push and query,
 * and this stack's shipper, ruler and Grafana use {@link LokiTenancy.tenant}.
 */
export class LokiTenancy {
  /** `auth_enabled: false`: one tenant (Loki calls it `fake`); no `X-Scope-OrgID` needed. */
  public static singleTenant(): LokiTenancy {
    return new LokiTenancy(false, 'fake');
  }

  /**
   * `auth_enabled: true`: tenants are isolated; this stack writes and reads as `tenant`. The gateway
   * does not authenticate callers, so restrict who can reach it (NetworkPolicy) or put an
   * authenticating proxy in front.
   */
  public static multiTenant(tenant: string): LokiTenancy {
    if (typeof tenant !== 'string' || !TENANT_ID.test(tenant) || tenant === '.' || tenant === '..') {
      throw new ValidationError('LokiTenancy.multiTenant', `tenant ${show(tenant)} is not a valid Loki tenant id; use up to 150 letters, digits and !-_.*'() (e.g. "platform").`);
    }
    return new LokiTenancy(true, tenant);
  }

  private constructor(
    /** Loki's `auth_enabled`. */
    public readonly authEnabled: boolean,
    /** The tenant this stack pushes, queries and evaluates rules as. */
    public readonly tenant: string,
  ) {}
}
