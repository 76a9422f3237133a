// A separate entry point: it loads @cdktf/provider-datadog (an optional peer dependency), so
// lib/datadog/index.ts does NOT import it and users who do not page from Datadog never load the
// provider. Import it explicitly: `import { DatadogSlos } from '<package>/dist/lib/datadog/datadog-slos'`.
// Deep imports only: the provider's root index loads every resource of the provider.
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { ServiceLevelObjective as DatadogSloResource } from '@cdktf/provider-datadog/lib/service-level-objective';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Duration } from '../core/duration';
import { escapeTerraformTemplate } from '../core/terraform-escape';
import { ValidationError, show } from '../core/validation-error';
import { runbookUrlFor } from '../rules/runbook';
import { BurnRateAlertKind, BurnRateWindow } from '../rules/slo/burn-rate-window';
import { ServiceLevelObjective } from '../rules/slo/service-level-objective';
import { SloPeriod } from '../rules/slo/slo-period';
import { DatadogSite } from './datadog-site';
import { DatadogSloQueries } from './datadog-slo-queries';
import { renderDatadogTags } from './datadog-tags';

/**
 * What to do with a burn-rate window longer than Datadog allows (48 hours for the long window of
 * an SLO burn-rate monitor). The seeds' slow ticket window is 3 days.
 */
export const DatadogLongWindowPolicy = {
  /**
   * Use 48h (short window 4h, the same 1/12 ratio) with the SAME burn-rate factor: it fires on a
   * smaller share of the budget (e.g. 6.7 % instead of 10 % for 30d), so slightly earlier.
   */
  CLAMP_TO_48H: 'clamp-to-48h',
  /** Leave that window out (the other windows still alert). */
  OMIT: 'omit',
} as const;
/** One of the {@link DatadogLongWindowPolicy} values. */
export type DatadogLongWindowPolicy = (typeof DatadogLongWindowPolicy)[keyof typeof DatadogLongWindowPolicy];

/** Datadog's longest long window of a burn-rate monitor. */
export const DATADOG_MAX_LONG_WINDOW = Duration.hours(48);

/** Who is notified, as Datadog handles (`@pagerduty-platform`, `@slack-platform-alerts`, `@oncall@example.com`). */
export interface DatadogSloNotifications {
  /** Handles of the page (fast burn) monitors. @default none */
  readonly page?: string[];
  /** Handles of the ticket (slow burn) monitors. @default none */
  readonly ticket?: string[];
}

/** One SLO of the SLO model, with the Datadog queries that measure it. */
export interface DatadogSloEntry {
  /** The SLO (service, name, objective, period, burn-rate windows, runbook). */
  readonly slo: ServiceLevelObjective;
  /** Good and total events as Datadog metric queries (PromQL is not translated). */
  readonly queries: DatadogSloQueries;
  /** Overrides the construct's `notify` for this SLO. @default the construct's `notify` */
  readonly notify?: DatadogSloNotifications;
}

/** Props of {@link DatadogSlos}. */
export interface DatadogSlosProps {
  /** The site the Datadog account lives on (the provider's API URL). @default DatadogSite.US1 */
  readonly site?: DatadogSite;
  /** The `env` tag of every SLO and monitor. @default no env tag */
  readonly environment?: string;
  /** More tags on every SLO and monitor. @default {} */
  readonly tags?: Record<string, string>;
  /** Default notification handles. @default none (monitors show in Datadog but notify nobody) */
  readonly notify?: DatadogSloNotifications;
  /** Burn-rate windows longer than 48h. @default DatadogLongWindowPolicy.CLAMP_TO_48H */
  readonly longWindowPolicy?: DatadogLongWindowPolicy;
  /** SLOs to emit now; more with {@link DatadogSlos.addSlo}. @default [] */
  readonly slos?: DatadogSloEntry[];
  /** Name of the sensitive Terraform variable with the API key. @default 'datadog_api_key' */
  readonly apiKeyVariableName?: string;
  /** Name of the sensitive Terraform variable with the application key. @default 'datadog_app_key' */
  readonly appKeyVariableName?: string;
}

/** The resources emitted for one SLO. */
export interface DatadogSloResources {
  /** The metric-based Datadog SLO. */
  readonly slo: DatadogSloResource;
  /** One `slo alert` burn-rate monitor per burn-rate window, pages first. */
  readonly monitors: Monitor[];
}

const stacksWithSlos = new WeakSet<TerraformStack>();
const HANDLE = /^@[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;
const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;
/** Datadog SLO timeframes the SLO periods map to. */
const TIMEFRAMES: ReadonlyMap<SloPeriod, string> = new Map([
  [SloPeriod.DAYS_30, '30d'],
  [SloPeriod.DAYS_7, '7d'],
]);

/**
 * SLOs of the SLO model as Datadog metric-based SLOs plus multiwindow burn-rate monitors
 * (`slo alert`), for teams that page from Datadog. The Datadog provider's keys come from two
 * sensitive Terraform variables (`TF_VAR_datadog_api_key`, `TF_VAR_datadog_app_key`), never from
 * literals. One per stack.
 */
export class DatadogSlos extends Construct {
  /** The Datadog site whose API the provider talks to. */
  public readonly site: DatadogSite;
  /** The sensitive Terraform variable holding the API key (set it as `TF_VAR_<name>`). */
  public readonly apiKeyVariable: TerraformVariable;
  /** The sensitive Terraform variable holding the application key (set it as `TF_VAR_<name>`). */
  public readonly appKeyVariable: TerraformVariable;
  /** The Datadog Terraform provider the SLOs and monitors are created with. */
  public readonly provider: DatadogProvider;
  /** What happens to burn-rate windows longer than Datadog's 48 h, as resolved. */
  public readonly longWindowPolicy: DatadogLongWindowPolicy;

  private readonly props: DatadogSlosProps;
  private readonly baseTags: Readonly<Record<string, string>>;
  private readonly emitted = new Map<string, DatadogSloResources>();

  constructor(scope: Construct, id: string, props: DatadogSlosProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const stack = TerraformStack.of(this);
    if (stacksWithSlos.has(stack)) {
      throw new ValidationError(path, `stack ${show(stack.node.id)} already has a DatadogSlos (one provider and one pair of key variables per stack); add these SLOs to the first one with addSlo().`);
    }
    stacksWithSlos.add(stack);
    this.props = props;
    this.site = DatadogSite.check(props.site ?? DatadogSite.US1, path);
    this.longWindowPolicy = props.longWindowPolicy ?? DatadogLongWindowPolicy.CLAMP_TO_48H;
    if (!Object.values(DatadogLongWindowPolicy).includes(this.longWindowPolicy)) {
      throw new ValidationError(path, `longWindowPolicy ${show(this.longWindowPolicy)} is not one of ${Object.values(DatadogLongWindowPolicy).join(', ')} (DatadogLongWindowPolicy.*).`);
    }
    this.baseTags = { ...(props.tags ?? {}), ...(props.environment !== undefined ? { env: props.environment } : {}) };
    renderDatadogTags(this.baseTags, `${path} tags`);
    checkNotifications(props.notify, `${path} notify`);

    const apiKeyName = variableName(path, 'apiKeyVariableName', props.apiKeyVariableName ?? 'datadog_api_key');
    const appKeyName = variableName(path, 'appKeyVariableName', props.appKeyVariableName ?? 'datadog_app_key');
    if (apiKeyName === appKeyName) {
      throw new ValidationError(path, `apiKeyVariableName and appKeyVariableName are both ${show(apiKeyName)}; give them different names.`);
    }
    this.apiKeyVariable = sensitiveVariable(this, 'api-key', apiKeyName, 'Datadog API key for the Datadog provider (set TF_VAR_' + apiKeyName + ').');
    this.appKeyVariable = sensitiveVariable(this, 'app-key', appKeyName, 'Datadog application key for the Datadog provider (set TF_VAR_' + appKeyName + ').');
    this.provider = new DatadogProvider(this, 'provider', {
      apiKey: this.apiKeyVariable.stringValue,
      appKey: this.appKeyVariable.stringValue,
      apiUrl: this.site.apiUrl,
    });
    for (const entry of props.slos ?? []) this.addSlo(entry);
  }

  /** Emits one SLO and its burn-rate monitors; refuses an SLO id added twice. */
  public addSlo(entry: DatadogSloEntry): DatadogSloResources {
    const path = this.node.path;
    const slo = entry?.slo;
    if (!(slo instanceof ServiceLevelObjective)) {
      throw new ValidationError(path, `${show(slo)} is not a ServiceLevelObjective; pass { slo: new ServiceLevelObjective({...}), queries }.`);
    }
    const where = `${path} > ${slo.path}`;
    if (!(entry.queries instanceof DatadogSloQueries)) {
      throw new ValidationError(where, `queries ${show(entry.queries)} are not DatadogSloQueries; PromQL cannot be sent to Datadog, so give Datadog queries: DatadogSloQueries.fromCounts({ total: DatadogMetricQuery.count({...}), bad: DatadogMetricQuery.count({...}) }).`);
    }
    if (this.emitted.has(slo.id)) {
      throw new ValidationError(where, `SLO ${show(slo.id)} is added twice; give the second one another service or name.`);
    }
    const timeframe = TIMEFRAMES.get(slo.period);
    if (timeframe === undefined) {
      throw new ValidationError(where, `period ${show(slo.period.toString())} has no Datadog equivalent (Datadog SLOs use 7d, 30d or 90d); use SloPeriod.DAYS_30 or SloPeriod.DAYS_7 for SLOs sent to Datadog.`);
    }
    const notify = entry.notify ?? this.props.notify ?? {};
    checkNotifications(notify, `${where} notify`);
    const tags = renderDatadogTags(
      { ...slo.labels, ...this.baseTags, service: slo.service, slo: slo.name, ...(slo.team !== undefined ? { team: slo.team } : {}) },
      `${where} tags`,
    );
    // Datadog's ceiling for a burn-rate threshold is 1 / (1 − target).
    const maxBurnRate = 1 / slo.errorBudgetRatio;

    const sloResource = new DatadogSloResource(this, `slo-${slo.id}`, {
      name: `${slo.service} ${slo.name}`,
      type: 'metric',
      description: escapeTerraformTemplate(slo.description ?? `${slo.objectivePercent}% of ${slo.service} ${slo.name} events are good over ${timeframe}.`),
      query: { numerator: entry.queries.numerator, denominator: entry.queries.denominator },
      thresholds: [{ timeframe, target: slo.objectivePercent }],
      timeframe,
      targetThreshold: slo.objectivePercent,
      tags,
    });

    const monitors: Monitor[] = [];
    for (const window of slo.burnRateWindows) {
      const alert = window.kind === BurnRateAlertKind.PAGE ? slo.pageAlert : slo.ticketAlert;
      const windows = this.datadogWindows(window, where);
      if (!alert.enabled || windows === undefined) continue;
      if (window.burnRateFactor > maxBurnRate) {
        throw new ValidationError(
          where,
          `the ${window.kind} burn rate ${show(window.burnRateFactor)} exceeds Datadog's maximum ${show(Number(maxBurnRate.toPrecision(6)))} for objective ${slo.objectivePercent}% (1 / error budget); raise the objective or send this SLO's alerts from Prometheus instead.`,
        );
      }
      const handles = (window.kind === BurnRateAlertKind.PAGE ? notify.page : notify.ticket) ?? [];
      // An imported Sloth SLO may have no runbook link at all (nothing is invented for it).
      const runbook = slo.runbookUrl ?? (slo.runbookBaseUrl === undefined ? undefined : runbookUrlFor(slo.runbookBaseUrl, slo.alertName));
      const message = [
        `${slo.service} ${slo.name}: the error budget burns ${window.burnRateFactor}x faster than the objective allows over ${windows.long} and ${windows.short}`
          + ` (${roundPercent(window.budgetConsumed)}% of the ${timeframe} budget within ${window.longWindow.toPrometheus()}${windows.clampedFrom ? `; window clamped from ${windows.clampedFrom} to Datadog's 48h` : ''}).`,
        ...(runbook !== undefined ? [`Runbook: ${runbook}`] : []),
        ...(slo.dashboardUrl ? [`Dashboard: ${slo.dashboardUrl}`] : []),
        ...(handles.length > 0 ? [handles.join(' ')] : []),
      ].join('\n');
      monitors.push(
        new Monitor(this, `burn-${slo.id}-${window.kind}-${windows.long}`, {
          name: `${slo.alertName} ${window.kind} (${windows.long}/${windows.short})`,
          type: 'slo alert',
          query: `burn_rate("${sloResource.id}").over("${timeframe}").long_window("${windows.long}").short_window("${windows.short}") > ${window.burnRateFactor}`,
          message: escapeTerraformTemplate(message),
          monitorThresholds: { critical: String(window.burnRateFactor) },
          priority: window.kind === BurnRateAlertKind.PAGE ? '1' : '3',
          tags: [...tags, `severity:${alert.severity}`, `sloth_severity:${window.kind}`].sort(),
        }),
      );
    }
    const resources = { slo: sloResource, monitors };
    this.emitted.set(slo.id, resources);
    return resources;
  }

  /** The resources emitted so far, by SLO id. */
  public sloResources(): ReadonlyMap<string, DatadogSloResources> {
    return new Map(this.emitted);
  }

  private datadogWindows(window: BurnRateWindow, where: string): { long: string; short: string; clampedFrom?: string } | undefined {
    if (window.longWindow.compareTo(DATADOG_MAX_LONG_WINDOW) <= 0) {
      return { long: datadogWindow(window.longWindow, where), short: datadogWindow(window.shortWindow, where) };
    }
    if (this.longWindowPolicy === DatadogLongWindowPolicy.OMIT) return undefined;
    return { long: '48h', short: '4h', clampedFrom: window.longWindow.toPrometheus() };
  }
}

/** Datadog window text: whole hours as `<n>h`, else whole minutes as `<n>m`. */
function datadogWindow(duration: Duration, where: string): string {
  const minutes = duration.toMinutes();
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new ValidationError(where, `burn-rate window ${show(duration.toPrometheus())} is not a whole number of minutes, which Datadog needs.`);
  }
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

function roundPercent(ratio: number): number {
  return Number((ratio * 100).toPrecision(6));
}

function checkNotifications(notify: DatadogSloNotifications | undefined, where: string): void {
  for (const kind of ['page', 'ticket'] as const) {
    for (const handle of notify?.[kind] ?? []) {
      if (typeof handle !== 'string' || !HANDLE.test(handle)) {
        throw new ValidationError(where, `${kind} handle ${show(handle)} is not a Datadog notification handle; write e.g. "@pagerduty-platform" or "@slack-platform-alerts".`);
      }
    }
  }
}

function variableName(path: string, prop: string, name: string): string {
  if (typeof name !== 'string' || !VARIABLE_NAME.test(name)) {
    throw new ValidationError(path, `${prop} ${show(name)} is not a Terraform variable name; use lowercase letters, digits and '_', e.g. "datadog_api_key".`);
  }
  return name;
}

function sensitiveVariable(scope: Construct, id: string, name: string, description: string): TerraformVariable {
  const variable = new TerraformVariable(scope, id, { type: 'string', sensitive: true, nullable: false, description });
  // A stable, readable name: users set TF_VAR_<name> in CI.
  variable.overrideLogicalId(name);
  return variable;
}
