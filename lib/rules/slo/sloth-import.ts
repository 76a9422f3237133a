import type * as Yaml from 'yaml';
import { ValidationError, show } from '../../core/validation-error';
import { withinModelPath } from '../model-path';
import { Severity, isSeverity } from '../severity';
import type { ErrorBudgetAlertThreshold } from './error-budget-policy';
import type { ServiceLevelObjectiveProps, SloAbsentAlertOptions, SloAlertOptions } from './slo-definition';
import { Sli } from './sli';
import { SloPeriod } from './slo-period';

/**
 * Options of `importSlothSpec` and `ServiceLevelObjective.fromSlothSpec`. The import keeps Sloth's
 * semantics: the alerts are Sloth's page and ticket alerts with Sloth's labels (`sloth_severity:
 * page|ticket`, the spec's labels), and nothing is added unless asked here: no error-budget-policy
 * alerts, no absent-data alerts, no runbook links the spec does not give.
 */
export interface SlothImportOptions {
  /**
   * Sloth lets `severity` be any routing value (`pageteam`, `slack`); our alerts use
   * critical / warning / info. When a spec's severity is none of those, its value is carried in this
   * label instead, and the page alert gets Severity.CRITICAL, the ticket alert Severity.WARNING.
   * @default such severities are refused
   */
  readonly customSeverityLabel?: string;
  /**
   * The period of the imported SLOs (Sloth's `--default-slo-period`).
   * @default SloPeriod.DAYS_30
   */
  readonly period?: SloPeriod;
  /**
   * Base of the runbook links of the imported SLOs' alerts (`<base>/<alert-name-in-kebab-case>`), for
   * alerts whose spec gives no `runbook_url`. A critical alert needs a runbook, so a spec whose page
   * alert is critical needs either `runbook_url` or this.
   * @default no runbook links beyond the spec's `runbook_url`
   */
  readonly runbookBaseUrl?: string;
  /**
   * Error-budget-policy alerts for the imported SLOs (Sloth has none), e.g. DEFAULT_ERROR_BUDGET_POLICY.
   * @default none
   */
  readonly errorBudgetAlerts?: ReadonlyArray<ErrorBudgetAlertThreshold>;
  /**
   * Absent-data alerts for the imported SLOs (Sloth has none); `{}` for the defaults.
   * @default none
   */
  readonly absentAlert?: SloAbsentAlertOptions;
}

// Field names of Sloth's two spec formats: prometheus/v1 (snake_case) and the Kubernetes
// PrometheusServiceLevel resource (camelCase). Anything else is refused, never silently dropped.
interface Dialect {
  readonly errorQuery: string;
  readonly totalQuery: string;
  readonly errorRatioQuery: string;
  readonly pageAlert: string;
  readonly ticketAlert: string;
}
const PROMETHEUS_V1: Dialect = { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert' };
const KUBERNETES: Dialect = { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert' };

type Plain = Record<string, unknown>;

/**
 * Reads Sloth spec YAML (one or more documents) into the props of SLOs with the same ids, objectives,
 * SLIs, labels and alert names, and builds each with `build` as soon as its props are read (so the
 * first error, of the spec or of an SLO, is the one reported). Refuses what it cannot carry over
 * faithfully (SLI plugins, unknown fields, severities outside critical/warning/info unless
 * `customSeverityLabel` is given), naming the field. Use `importSlothSpec` or
 * `ServiceLevelObjective.fromSlothSpec`, which build ServiceLevelObjectives with it.
 */
export function readSlothSpec<T>(yamlText: string, options: SlothImportOptions, build: (props: ServiceLevelObjectiveProps) => T): T[] {
  if (typeof yamlText !== 'string' || yamlText.trim() === '') {
    throw new ValidationError('SlothSpec', `${show(yamlText)} is empty; pass the text of a Sloth spec (version: "prometheus/v1").`);
  }
  // Loaded here: only Sloth imports parse YAML, and loading the library slows every synth's start.
  const documents = (require('yaml') as typeof Yaml).parseAllDocuments(yamlText);
  if (!Array.isArray(documents)) {
    throw new ValidationError('SlothSpec', 'the text is not YAML documents; pass the text of a Sloth spec.');
  }
  const slos: T[] = [];
  documents.forEach((document, docIndex) => {
    const docWhere = documents.length > 1 ? `SlothSpec document ${docIndex}` : 'SlothSpec';
    if (document.errors.length > 0) {
      throw new ValidationError(docWhere, `is not valid YAML: ${document.errors[0].message.trimEnd()}\nFix the YAML at that line (indentation, brackets, quotes), e.g. check it with \`sloth validate\` or a YAML linter.`);
    }
    const root = document.toJS() as unknown;
    if (root === null || root === undefined) return;
    const spec = asMap(root, docWhere);
    let body: Plain;
    let dialect: Dialect;
    let where = docWhere;
    if (spec.version !== undefined) {
      if (spec.version !== 'prometheus/v1') {
        throw new ValidationError(`${docWhere} > version`, `${show(spec.version)} is not supported; only Sloth's "prometheus/v1" spec (or the Kubernetes PrometheusServiceLevel resource) can be imported.`);
      }
      checkKeys(spec, ['version', 'service', 'labels', 'slos'], docWhere);
      body = spec;
      dialect = PROMETHEUS_V1;
    } else if (spec.apiVersion !== undefined) {
      if (spec.apiVersion !== 'sloth.slok.dev/v1' || spec.kind !== 'PrometheusServiceLevel') {
        throw new ValidationError(docWhere, `apiVersion ${show(spec.apiVersion)} kind ${show(spec.kind)} is not supported; import "sloth.slok.dev/v1" PrometheusServiceLevel resources or "prometheus/v1" specs.`);
      }
      checkKeys(spec, ['apiVersion', 'kind', 'metadata', 'spec'], docWhere);
      where = `${docWhere} > spec`;
      body = asMap(spec.spec, where);
      checkKeys(body, ['service', 'labels', 'slos'], where);
      dialect = KUBERNETES;
    } else {
      throw new ValidationError(docWhere, 'has neither `version: "prometheus/v1"` nor `apiVersion: sloth.slok.dev/v1`; is this a Sloth spec?');
    }
    const service = body.service;
    const specLabels = body.labels === undefined ? {} : asMap(body.labels, `${where} > labels`);
    const list = body.slos;
    if (!Array.isArray(list) || list.length === 0) {
      throw new ValidationError(`${where} > slos`, `${show(list)} holds no SLOs; list at least one under \`slos:\`.`);
    }
    list.forEach((entry, index) => {
      const sloWhere = `${where} > slos[${index}]`;
      const { props, missingRunbook } = sloProps(asMap(entry, sloWhere), String(service), specLabels, dialect, options, sloWhere);
      if (missingRunbook !== undefined) {
        // Every other mistake of this SLO is reported first: built once with a link, then refused.
        withinModelPath(sloWhere, () => build({ ...props, runbookBaseUrl: undefined }));
        throw missingRunbook;
      }
      slos.push(withinModelPath(sloWhere, () => build(props)));
    });
  });
  if (slos.length === 0) {
    throw new ValidationError('SlothSpec', 'holds no documents; pass the text of a Sloth spec.');
  }
  return slos;
}

function sloProps(
  slo: Plain, service: string, specLabels: Plain, dialect: Dialect, options: SlothImportOptions, where: string,
): { props: ServiceLevelObjectiveProps; missingRunbook?: ValidationError } {
  checkKeys(slo, ['name', 'objective', 'description', 'labels', 'sli', 'alerting'], where);
  const sli = withinModelPath(`${where} > sli`, () => importSli(asMap(slo.sli, `${where} > sli`), dialect, `${where} > sli`));
  const labels = { ...specLabels, ...(slo.labels === undefined ? {} : asMap(slo.labels, `${where} > labels`)) };
  const alerting = slo.alerting === undefined ? {} : asMap(slo.alerting, `${where} > alerting`);
  checkKeys(alerting, ['name', 'labels', 'annotations', dialect.pageAlert, dialect.ticketAlert], `${where} > alerting`);

  const common = splitAlertLabels(alerting.labels, `${where} > alerting > labels`);
  const annotations = alerting.annotations === undefined ? {} : { ...asMap(alerting.annotations, `${where} > alerting > annotations`) };
  const summary = takeString(annotations, 'summary');
  const runbookUrl = takeString(annotations, 'runbook_url');
  const dashboardUrl = takeString(annotations, 'dashboard_url');
  if (annotations.description !== undefined) {
    throw new ValidationError(`${where} > alerting > annotations > "description"`, `${show(annotations.description)} cannot be imported: the SLO alerts write their own description; move the text to the SLO's \`description\` field.`);
  }
  const page = importAlert(alerting[dialect.pageAlert], Severity.CRITICAL, common.severity, options, `${where} > alerting > ${dialect.pageAlert}`);
  const ticket = importAlert(alerting[dialect.ticketAlert], Severity.WARNING, common.severity, options, `${where} > alerting > ${dialect.ticketAlert}`);
  const absentAlert: SloAbsentAlertOptions = options.absentAlert === undefined ? { enabled: false } : { enabled: true, ...options.absentAlert };
  const errorBudgetAlerts = options.errorBudgetAlerts ?? [];

  // Nothing invents a runbook link: a critical alert (which must link one) needs the spec's or a base.
  let missingRunbook: ValidationError | undefined;
  if (runbookUrl === undefined && options.runbookBaseUrl === undefined) {
    const critical = [
      ...(page.enabled !== false && page.severity === Severity.CRITICAL ? [dialect.pageAlert] : []),
      ...(ticket.enabled !== false && ticket.severity === Severity.CRITICAL ? [dialect.ticketAlert] : []),
      ...(Array.isArray(errorBudgetAlerts) && errorBudgetAlerts.some((step) => step?.severity === Severity.CRITICAL) ? ['error budget policy'] : []),
      ...(absentAlert.enabled !== false && absentAlert.severity === Severity.CRITICAL ? ['absent-data'] : []),
    ];
    if (critical.length > 0) {
      missingRunbook = new ValidationError(
        `${where} > alerting > annotations > "runbook_url"`,
        `undefined: the ${critical.join(' and ')} alert${critical.length > 1 ? 's are' : ' is'} critical, and every critical alert must link a runbook, which the spec does not give (and the import invents no link to a page that may not exist). ` +
          'Add `runbook_url` under alerting.annotations in the spec, or import with { runbookBaseUrl: "https://runbooks.example.org/slo" } to link <base>/<alert-name-in-kebab-case>.',
      );
    }
  }

  const props: ServiceLevelObjectiveProps = {
    service,
    name: slo.name as string,
    objectivePercent: slo.objective as number,
    sli,
    period: options.period,
    description: slo.description as string | undefined,
    labels: labels as Record<string, string>,
    ...(alerting.name !== undefined ? { alertName: alerting.name as string } : {}),
    ...(common.team !== undefined ? { team: common.team } : {}),
    alertLabels: common.labels,
    alertAnnotations: annotations as Record<string, string>,
    ...(summary !== undefined ? { alertSummary: summary } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    ...(dashboardUrl !== undefined ? { dashboardUrl } : {}),
    runbookBaseUrl: options.runbookBaseUrl ?? null,
    pageAlert: page,
    ticketAlert: ticket,
    errorBudgetAlerts,
    absentAlert,
  };
  return { props, missingRunbook };
}

function importSli(sli: Plain, dialect: Dialect, where: string): Sli {
  if (sli.plugin !== undefined) {
    throw new ValidationError(`${where} > plugin`, `${show(sli.plugin)}: Sloth SLI plugins cannot be imported (their queries live in Go code); write the SLI as \`events\` or \`raw\` queries.`);
  }
  checkKeys(sli, ['events', 'raw'], where);
  if (sli.events !== undefined && sli.raw !== undefined) {
    throw new ValidationError(where, 'has both `events` and `raw`; keep one.');
  }
  if (sli.events !== undefined) {
    const events = asMap(sli.events, `${where} > events`);
    checkKeys(events, [dialect.errorQuery, dialect.totalQuery], `${where} > events`);
    return withinModelPath(`${where} > events`, () => Sli.events({ errorQuery: events[dialect.errorQuery] as string, totalQuery: events[dialect.totalQuery] as string }));
  }
  if (sli.raw !== undefined) {
    const raw = asMap(sli.raw, `${where} > raw`);
    checkKeys(raw, [dialect.errorRatioQuery], `${where} > raw`);
    return withinModelPath(`${where} > raw`, () => Sli.errorRatio({ errorRatioQuery: raw[dialect.errorRatioQuery] as string }));
  }
  throw new ValidationError(where, `${show(sli)} has no SLI; give \`events\` (${dialect.errorQuery}, ${dialect.totalQuery}) or \`raw\` (${dialect.errorRatioQuery}).`);
}

function importAlert(value: unknown, fallback: Severity, commonSeverity: string | undefined, options: SlothImportOptions, where: string): SloAlertOptions {
  if (value === undefined) return severityOptions(commonSeverity, fallback, options, {}, where);
  const alert = asMap(value, where);
  checkKeys(alert, ['disable', 'labels', 'annotations'], where);
  if (alert.disable !== undefined && typeof alert.disable !== 'boolean') {
    throw new ValidationError(`${where} > disable`, `${show(alert.disable)} is not true or false.`);
  }
  const split = splitAlertLabels(alert.labels, `${where} > labels`);
  if (split.team !== undefined) {
    throw new ValidationError(`${where} > labels > "team"`, `${show(split.team)}: the team is one label for all of an SLO's alerts; set it under alerting.labels.`);
  }
  const annotations = alert.annotations === undefined ? {} : asMap(alert.annotations, `${where} > annotations`);
  for (const reserved of ['summary', 'description', 'runbook_url', 'dashboard_url']) {
    if (annotations[reserved] !== undefined) {
      throw new ValidationError(`${where} > annotations > ${show(reserved)}`, `${show(annotations[reserved])} cannot be set per alert here; set it once under alerting.annotations.`);
    }
  }
  return {
    ...severityOptions(split.severity ?? commonSeverity, fallback, options, split.labels, where),
    enabled: alert.disable !== true,
    annotations: annotations as Record<string, string>,
  };
}

function severityOptions(severity: string | undefined, fallback: Severity, options: SlothImportOptions, labels: Record<string, string>, where: string): SloAlertOptions {
  if (severity === undefined) return { severity: fallback, labels };
  if (isSeverity(severity)) return { severity, labels };
  if (options.customSeverityLabel === undefined) {
    throw new ValidationError(
      `${where} > labels > "severity"`,
      `${show(severity)} is not critical, warning or info, which our routing and inhibition rely on; change it, or import with { customSeverityLabel: "route" } to keep it in another label.`,
    );
  }
  return { severity: fallback, labels: { ...labels, [options.customSeverityLabel]: severity } };
}

function splitAlertLabels(value: unknown, where: string): { severity?: string; team?: string; labels: Record<string, string> } {
  if (value === undefined) return { labels: {} };
  const labels = { ...asMap(value, where) } as Record<string, string>;
  const severity = takeString(labels, 'severity');
  const team = takeString(labels, 'team');
  return { severity, team, labels };
}

function takeString(map: Plain, key: string): string | undefined {
  const value = map[key];
  delete map[key];
  return value as string | undefined;
}

function asMap(value: unknown, where: string): Plain {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(where, `${show(value)} is not a mapping; see Sloth's spec format (https://sloth.dev/specs/default/).`);
  }
  return value as Plain;
}

function checkKeys(map: Plain, allowed: ReadonlyArray<string>, where: string): void {
  for (const key of Object.keys(map)) {
    if (!allowed.includes(key)) {
      throw new ValidationError(`${where} > ${show(key)}`, `${show(key)} is not a supported field here; supported: ${allowed.map((k) => show(k)).join(', ')}. Remove it or model it by hand with ServiceLevelObjective.`);
    }
  }
}
