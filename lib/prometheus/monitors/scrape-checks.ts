import { compileRe2 } from '../../alertmanager/re2-regex';
import { Duration, DurationLike, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { DNS_LABEL } from '../../core/input-checks';
import { LABEL_KEY_RULE, LABEL_VALUE_RULE, isLabelKey, isLabelValue } from '../../core/kubernetes-labels';
import { LABEL_NAME_PATTERN, isValidLabelName } from '../../rules/label-names';

// Pure checks of the scrape objects (ServiceMonitor, PodMonitor, Probe, ScrapeConfig): no cdktf imports.
// Each returns the value as the CRD wants it, or throws a ValidationError naming `where`, the value and the fix.

/** A Kubernetes label selector (`spec.selector` of a ServiceMonitor or PodMonitor). */
export interface LabelSelector {
  /** Labels the Service (or Pod) must carry, e.g. `{ 'app.kubernetes.io/name': 'checkout' }`. @default none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Set-based requirements, ANDed with `matchLabels`. @default none */
  readonly matchExpressions?: ReadonlyArray<LabelSelectorRequirement>;
}

/** One set-based requirement of a {@link LabelSelector}. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /** The values: at least one for `In`/`NotIn`, none for `Exists`/`DoesNotExist`. @default none */
  readonly values?: ReadonlyArray<string>;
}

/**
 * Where the operator looks for the selected Services or Pods. Omitted: the monitor's own namespace only
 * (the operator's default).
 */
export interface MonitorNamespaceSelector {
  /** Every namespace. @default false */
  readonly any?: boolean;
  /** These namespaces. @default the monitor's own namespace */
  readonly matchNames?: ReadonlyArray<string>;
}

/** A Prometheus `relabel_config` as the operator's CRDs spell it (camelCase). */
export interface RelabelConfig {
  /** Labels whose values are joined with `separator` and matched against `regex`. @default none */
  readonly sourceLabels?: ReadonlyArray<string>;
  /** The text between the joined source label values. @default ";" */
  readonly separator?: string;
  /** The label written by `replace`, `hashmod`, `lowercase`, `uppercase`; may use `$1` for `replace`. @default none */
  readonly targetLabel?: string;
  /** An RE2 expression, anchored at both ends by Prometheus. @default "(.*)" */
  readonly regex?: string;
  /** Modulus of `hashmod` (required there). @default none */
  readonly modulus?: number;
  /** Replacement of `replace` and `labelmap`; may use `$1`, `${1}`, `$name`. @default "$1" */
  readonly replacement?: string;
  /** One of Prometheus's relabel actions (lowercase). @default "replace" */
  readonly action?: RelabelAction;
}

/** Prometheus's relabel actions. */
export type RelabelAction = 'replace' | 'keep' | 'drop' | 'hashmod' | 'labelmap' | 'labeldrop' | 'labelkeep' | 'lowercase' | 'uppercase' | 'keepequal' | 'dropequal';

const RELABEL_ACTIONS: readonly RelabelAction[] = ['replace', 'keep', 'drop', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
const NEEDS_TARGET: ReadonlySet<string> = new Set(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
const LABEL_ONLY: ReadonlySet<string> = new Set(['labeldrop', 'labelkeep']);

// Prometheus label names (the classic charset, which every Prometheus version and every query reads).
// Prometheus's check of a `replace` target label: a label name, possibly built from `$1`/`${name}` references.
const TARGET_LABEL_TEMPLATE = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/** A label selector that selects something: at least one requirement, every key and value valid. */
export function checkLabelSelector(selector: unknown, where: string, prop = 'selector'): LabelSelector {
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
    throw new ValidationError(where, `${prop} ${show(selector)} is not a label selector; write e.g. ${prop}: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } }.`);
  }
  const { matchLabels, matchExpressions } = selector as LabelSelector;
  const labels = Object.entries(matchLabels ?? {});
  const expressions = matchExpressions ?? [];
  if (!Array.isArray(expressions)) {
    throw new ValidationError(where, `${prop}.matchExpressions ${show(expressions)} is not a list; wrap it in [ ].`);
  }
  if (labels.length === 0 && expressions.length === 0) {
    throw new ValidationError(where, `${prop} ${show(selector)} is empty and would select every object of the namespace; name the labels of what to scrape, e.g. { matchLabels: { 'app.kubernetes.io/name': 'checkout' } }.`);
  }
  for (const [key, value] of labels) {
    if (!isLabelKey(key)) throw new ValidationError(where, `${prop}.matchLabels key ${show(key)} is not a Kubernetes label key; ${LABEL_KEY_RULE}.`);
    if (!isLabelValue(value)) throw new ValidationError(where, `${prop}.matchLabels[${show(key)}] ${show(value)} is not a Kubernetes label value; ${LABEL_VALUE_RULE}.`);
  }
  expressions.forEach((requirement, index) => {
    const at = `${prop}.matchExpressions[${index}]`;
    if (!isLabelKey(requirement?.key)) throw new ValidationError(where, `${at}.key ${show(requirement?.key)} is not a Kubernetes label key; ${LABEL_KEY_RULE}.`);
    const values = requirement.values ?? [];
    if (requirement.operator === 'In' || requirement.operator === 'NotIn') {
      if (!Array.isArray(values) || values.length === 0) {
        throw new ValidationError(where, `${at} (${requirement.operator}) has no values; list at least one, e.g. values: ["checkout"].`);
      }
      for (const value of values) {
        if (!isLabelValue(value)) throw new ValidationError(where, `${at}.values entry ${show(value)} is not a Kubernetes label value; ${LABEL_VALUE_RULE}.`);
      }
    } else if (requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') {
      if (values.length > 0) throw new ValidationError(where, `${at} (${requirement.operator}) has values ${show(values)}; leave values out for ${requirement.operator}.`);
    } else {
      throw new ValidationError(where, `${at}.operator ${show(requirement.operator)} is not a selector operator; use "In", "NotIn", "Exists" or "DoesNotExist".`);
    }
  });
  return {
    ...(labels.length > 0 ? { matchLabels: Object.fromEntries(labels) } : {}),
    ...(expressions.length > 0 ? { matchExpressions: expressions.map((r) => ({ key: r.key, operator: r.operator, ...(r.values?.length ? { values: [...r.values] } : {}) })) } : {}),
  };
}

/** A namespace selector: `{ any: true }` or `{ matchNames: [...] }`, not both; undefined keeps the operator's default. */
export function checkNamespaceSelector(selector: unknown, where: string): MonitorNamespaceSelector | undefined {
  if (selector === undefined) return undefined;
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
    throw new ValidationError(where, `namespaceSelector ${show(selector)} is not a namespace selector; write { any: true } or { matchNames: ["shop"] }.`);
  }
  const { any, matchNames } = selector as MonitorNamespaceSelector;
  if (any !== undefined && typeof any !== 'boolean') throw new ValidationError(where, `namespaceSelector.any ${show(any)} is not a boolean; write any: true.`);
  if (any && matchNames !== undefined) {
    throw new ValidationError(where, `namespaceSelector ${show(selector)} sets both any and matchNames (any wins, the names are ignored); keep one of them.`);
  }
  if (matchNames !== undefined) {
    if (!Array.isArray(matchNames) || matchNames.length === 0) {
      throw new ValidationError(where, `namespaceSelector.matchNames ${show(matchNames)} must list at least one namespace, e.g. matchNames: ["shop"]; leave namespaceSelector out for the monitor's own namespace.`);
    }
    for (const name of matchNames) {
      if (typeof name !== 'string' || !DNS_LABEL.test(name)) {
        throw new ValidationError(where, `namespaceSelector.matchNames entry ${show(name)} is not a namespace name; use at most 63 lowercase letters, digits and '-' (e.g. "shop").`);
      }
    }
    return { matchNames: [...matchNames] };
  }
  if (!any) throw new ValidationError(where, `namespaceSelector ${show(selector)} selects nothing; write { any: true } or { matchNames: ["shop"] }, or leave it out for the monitor's own namespace.`);
  return { any: true };
}

/**
 * A port referred to by name: lowercase letters, digits and '-', at least one letter, no '-' at either end
 * nor two in a row. A container port's name (what a PodMonitor names) is an IANA service name (RFC 6335),
 * at most 15 characters; a Service port's name (what a ServiceMonitor names) is a DNS-1123 label, up to 63
 * (e.g. the jaeger chart's `internal-metrics`): pass `maxLength` 63 for those.
 */
export function checkPortName(port: unknown, where: string, prop = 'port', maxLength = 15): string {
  const valid = typeof port === 'string' && port.length >= 1 && port.length <= maxLength && /^[a-z0-9-]+$/.test(port) && /[a-z]/.test(port) && !port.startsWith('-') && !port.endsWith('-') && !port.includes('--');
  if (!valid) {
    throw new ValidationError(
      where,
      `${prop} ${show(port)} is not a port name; name the ${maxLength > 15 ? 'Service' : 'Service/container'} port (at most ${maxLength} lowercase letters, digits and '-', with a letter, e.g. "http-metrics"), as declared in its ports[].name.`,
    );
  }
  return port;
}

/** A metrics path: starts with '/'. */
export function checkPath(path: unknown, where: string, prop = 'path'): string {
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
    throw new ValidationError(where, `${prop} ${show(path)} is not a URL path; write it with a leading '/' and no spaces, e.g. "/metrics".`);
  }
  return path;
}

/** `http` or `https`. */
export function checkScheme(scheme: unknown, where: string): 'http' | 'https' {
  if (scheme !== 'http' && scheme !== 'https') throw new ValidationError(where, `scheme ${show(scheme)} is not "http" or "https"; write it in lowercase without "://".`);
  return scheme;
}

/** The interval and timeout of one endpoint, as Prometheus durations; the timeout at most the interval in effect. */
export function checkIntervals(
  interval: DurationLike | undefined,
  scrapeTimeout: DurationLike | undefined,
  defaultInterval: Duration,
  where: string,
  prop: { interval: string; timeout: string } = { interval: 'interval', timeout: 'scrapeTimeout' },
): { interval?: string; scrapeTimeout?: string } {
  const i = interval === undefined ? undefined : toDuration(interval, `${where} ${prop.interval}`);
  const t = scrapeTimeout === undefined ? undefined : toDuration(scrapeTimeout, `${where} ${prop.timeout}`);
  if (i?.isZero()) throw new ValidationError(where, `${prop.interval} "0s" would never scrape; give a positive duration, e.g. "30s", or leave it out for Prometheus's ${defaultInterval.toPrometheus()}.`);
  if (t?.isZero()) throw new ValidationError(where, `${prop.timeout} "0s" fails every scrape; give a positive duration, e.g. "10s".`);
  const effective = i ?? defaultInterval;
  if (t && t.compareTo(effective) > 0) {
    throw new ValidationError(
      where,
      `${prop.timeout} ${show(t.toPrometheus())} is longer than the ${i ? prop.interval : 'scrape interval of Prometheus'} ${show(effective.toPrometheus())} (the operator refuses the object); make the timeout at most ${effective.toPrometheus()}, or lengthen the interval.`,
    );
  }
  return { ...(i ? { interval: i.toPrometheus() } : {}), ...(t ? { scrapeTimeout: t.toPrometheus() } : {}) };
}

/** Relabelings (`relabelings` or `metricRelabelings`): known actions, RE2 regexes, label names, required fields. */
export function checkRelabelings(configs: unknown, where: string, prop: string): RelabelConfig[] {
  if (configs === undefined) return [];
  if (!Array.isArray(configs)) throw new ValidationError(where, `${prop} ${show(configs)} is not a list; wrap it in [ ].`);
  return configs.map((config: RelabelConfig, index) => {
    const at = `${prop}[${index}]`;
    if (config === null || typeof config !== 'object') throw new ValidationError(where, `${at} ${show(config)} is not a relabel config; write e.g. { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' }.`);
    const action = config.action ?? 'replace';
    if (!RELABEL_ACTIONS.includes(action)) {
      throw new ValidationError(where, `${at}.action ${show(config.action)} is not a Prometheus relabel action; use one of ${RELABEL_ACTIONS.map((a) => `"${a}"`).join(', ')}.`);
    }
    for (const label of config.sourceLabels ?? []) {
      if (!isValidLabelName(label)) {
        throw new ValidationError(where, `${at}.sourceLabels entry ${show(label)} is not a Prometheus label name; use letters, digits and '_', not starting with a digit (e.g. "__meta_kubernetes_service_name").`);
      }
    }
    if (config.regex !== undefined) {
      const compiled = typeof config.regex === 'string' ? compileRe2(config.regex) : { problem: 'it is not a string' };
      if ('problem' in compiled) {
        throw new ValidationError(where, `${at}.regex ${show(config.regex)} is not an RE2 expression Prometheus reads: ${compiled.problem}.`);
      }
    }
    if (NEEDS_TARGET.has(action) && config.targetLabel === undefined) {
      throw new ValidationError(where, `${at} (action "${action}") has no targetLabel; name the label it writes, e.g. targetLabel: "service".`);
    }
    if (config.targetLabel !== undefined) {
      const pattern = action === 'replace' ? TARGET_LABEL_TEMPLATE : LABEL_NAME_PATTERN;
      if (typeof config.targetLabel !== 'string' || !pattern.test(config.targetLabel)) {
        throw new ValidationError(where, `${at}.targetLabel ${show(config.targetLabel)} is not a Prometheus label name; use letters, digits and '_', not starting with a digit (e.g. "service")${action === 'replace' ? ', optionally with "$1" references' : ''}.`);
      }
    }
    if (LABEL_ONLY.has(action) && (config.sourceLabels !== undefined || config.targetLabel !== undefined)) {
      throw new ValidationError(where, `${at} (action "${action}") matches label names with regex only; remove sourceLabels and targetLabel.`);
    }
    if (action === 'hashmod' && (typeof config.modulus !== 'number' || !Number.isInteger(config.modulus) || config.modulus < 1)) {
      throw new ValidationError(where, `${at} (action "hashmod") needs modulus, a whole number of at least 1; got ${show(config.modulus)}.`);
    }
    if ((action === 'keepequal' || action === 'dropequal') && config.regex !== undefined) {
      throw new ValidationError(where, `${at} (action "${action}") compares sourceLabels with targetLabel and takes no regex; remove regex ${show(config.regex)}.`);
    }
    return {
      ...(config.sourceLabels ? { sourceLabels: [...config.sourceLabels] } : {}),
      ...(config.separator !== undefined ? { separator: config.separator } : {}),
      ...(config.targetLabel !== undefined ? { targetLabel: config.targetLabel } : {}),
      ...(config.regex !== undefined ? { regex: config.regex } : {}),
      ...(config.modulus !== undefined ? { modulus: config.modulus } : {}),
      ...(config.replacement !== undefined ? { replacement: config.replacement } : {}),
      action,
    };
  });
}

/** A scrape or probe target `host:port` (or a URL for a probe), without spaces. */
export function checkHostPort(target: unknown, where: string, prop: string): string {
  if (typeof target !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:\d{1,5}$/.test(target) || Number(target.split(':').pop()) > 65535) {
    throw new ValidationError(where, `${prop} ${show(target)} is not host:port; write e.g. "checkout.shop.svc:8080" (no scheme, no path).`);
  }
  return target;
}

/** Relabelings that set the `service` label, which the seed rule packs and the service dashboards group by. */
export class Relabelings {
  /**
   * `service` from the name of the Kubernetes Service of the target (`__meta_kubernetes_service_name`,
   * set by the `endpoints`/`endpointslice`/`service` roles). A ServiceMonitor gets this from the operator
   * already; use it in a ScrapeConfig's kubernetes discovery.
   */
  public static serviceFromKubernetesService(): RelabelConfig {
    return { sourceLabels: ['__meta_kubernetes_service_name'], targetLabel: 'service', action: 'replace' };
  }

  /**
   * `service` from a label of the pod (e.g. `app.kubernetes.io/name`), for PodMonitors, which have no
   * Service: Prometheus exposes pod label `a.b/c-d` as `__meta_kubernetes_pod_label_a_b_c_d`.
   * A pod without the label keeps its targets, without a `service` label.
   */
  public static serviceFromPodLabel(podLabel: string): RelabelConfig {
    if (!isLabelKey(podLabel)) throw new ValidationError('Relabelings.serviceFromPodLabel', `${show(podLabel)} is not a Kubernetes label key; ${LABEL_KEY_RULE}.`);
    const meta = `__meta_kubernetes_pod_label_${podLabel.replace(/[^a-zA-Z0-9_]/g, '_')}`;
    // `(.+)`: an absent or empty pod label does not match, so it does not write an empty `service`.
    return { sourceLabels: [meta], targetLabel: 'service', regex: '(.+)', replacement: '$1', action: 'replace' };
  }
}
