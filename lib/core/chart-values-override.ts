import { TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { HelmChartRef } from './charts';
import { compareText } from './compare-text';
import { ValidationError, show } from './validation-error';
import { CREDENTIAL_QUERY_IN_TEXT } from './secret-reference';

/** A value of a chart-values override: what YAML (and Helm) can hold. `null` removes the chart's default. */
export type ChartValue = string | number | boolean | null | readonly ChartValue[] | { readonly [key: string]: ChartValue };

/**
 * Chart values for what no typed prop covers yet, e.g. `{ prometheus: { prometheusSpec: { enableFeatures: ['exemplar-storage'] } } }`.
 * Deep-merged last into the values the construct renders (maps merge key by key; lists and scalars
 * replace; `null` removes a chart default, as in a Helm values file), then written through the one
 * escaping path like every other value. Shown in `summary.md`, `chart-values-overrides.json` and the
 * review diff. Credentials are refused: reference a Kubernetes Secret (the chart's `existingSecret`,
 * `secretKeyRef` or `*_file` settings) instead.
 */
export type ChartValuesOverride = { readonly [key: string]: ChartValue };

/** One override of one release, as the review shows it. */
export interface ChartValuesOverrideRecord {
  /** Construct path of the component whose release is overridden, e.g. `monitoring-prod/prometheus`. */
  readonly constructPath: string;
  /** Helm release name. */
  readonly releaseName: string;
  /** The release's chart. */
  readonly chart: HelmChartRef;
  /** The override as given (checked). */
  readonly values: ChartValuesOverride;
}

// Key names (lowercased, without `-`, `_`, `.`) that hold a credential when given a literal value.
const CREDENTIAL_KEY = /(password|passwd|passphrase|token|secret|apikey|appkey|privatekey|accesskey|credential|bearer|authorization|clientkey)/;
// …unless the key names where the credential is (a file, a Secret and its key, an env var), not the credential.
const REFERENCE_KEY = /(file|path|dir|name|ref|from|mount|enabled|env|type|(password|passwd|token|apikey|appkey|credentials?)keys?)$|^existing/;
// A literal that is not a credential: an environment/template reference (Grafana's $__file{…} included) or a file path.
const REFERENCE_VALUE = /^(\$\(?\{?[A-Za-z_][A-Za-z0-9_]*\}?\)?|\$__(file|env)\{[^}]+\}|\/[^\s]*|\{\{.*\}\}|)$/;
const URL_USERINFO = /:\/\/[^/\s:@]+:[^/\s@]+@/;

const registries = new WeakMap<TerraformStack, ChartValuesOverrideRecord[]>();

/**
 * Checks an override: a map of YAML values (no functions, `undefined`, non-finite numbers or cdktf
 * tokens), and no literal credential (a key like `password`/`token`/`apiKey` with a literal value, a
 * URL with a user:password or a token in its query). Throws a {@link ValidationError} that names the
 * key path and the fix, without repeating a refused value.
 */
export function checkChartValuesOverride(value: unknown, where: string, prop = 'chartValues'): ChartValuesOverride {
  if (!isPlainMap(value)) {
    throw new ValidationError(where, `${prop} ${show(value)} is not a map of chart values; pass an object as in a values file, e.g. { server: { extraArgs: { 'log.level': 'debug' } } }.`);
  }
  checkNode(value, [], where, prop);
  // A copy: later changes to the caller's object do not change what was checked and reviewed.
  return clone(value) as ChartValuesOverride;
}

function checkNode(value: unknown, path: readonly string[], where: string, prop: string): void {
  const at = path.length === 0 ? prop : `${prop} path ${show(path.join('.'))}`;
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(where, `${at} is ${String(value)}; chart values must be finite numbers.`);
    return;
  }
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) {
      throw new ValidationError(where, `${at} is a cdktf token; chart values must be literal text (Terraform escaping would break a token). Pass Secrets by name, not by reference.`);
    }
    if (URL_USERINFO.test(value) || CREDENTIAL_QUERY_IN_TEXT.test(value)) {
      throw new ValidationError(where, `${at} is a URL that carries a credential (user:password@ or a token/key in its query; value not shown); it would land in Terraform state. Keep the credential in a Kubernetes Secret and reference it (the chart's existingSecret / secretKeyRef / *_file settings).`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkNode(item, [...path, String(index)], where, prop));
    return;
  }
  if (isPlainMap(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (key === '') throw new ValidationError(where, `${at} has an empty key; remove it.`);
      if (isLiteralCredential(key, child)) {
        throw new ValidationError(where, `${prop} path ${show(childPath.join('.'))} looks like a credential with a literal value (value not shown); it would land in Terraform state and plan output. Reference a Kubernetes Secret instead: the chart's existingSecret / secretKeyRef / *_file setting (e.g. ${show(`${key}File`)} or an env entry with valueFrom.secretKeyRef).`);
      }
      checkNode(child, childPath, where, prop);
    }
    return;
  }
  throw new ValidationError(where, `${at} is ${show(value)} (${typeof value}), which a values file cannot hold; use strings, numbers, booleans, null, lists and maps.`);
}

function isLiteralCredential(key: string, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const normalized = key.toLowerCase().replace(/[-_.]/g, '');
  if (!CREDENTIAL_KEY.test(normalized) || REFERENCE_KEY.test(normalized)) return false;
  return !(typeof value === 'string' && REFERENCE_VALUE.test(value));
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `values` with `override` deep-merged over it, as Helm merges a later values file: maps merge key by
 * key, lists and scalars replace, `null` stays (Helm then drops the chart's default). Neither input is
 * changed.
 */
export function mergeChartValues(values: Record<string, unknown>, override: ChartValuesOverride | undefined): Record<string, unknown> {
  if (override === undefined) return values;
  const out: Record<string, unknown> = { ...values };
  for (const [key, value] of Object.entries(override)) {
    const base = out[key];
    out[key] = isPlainMap(value) && isPlainMap(base) ? mergeChartValues(base, value as ChartValuesOverride) : clone(value);
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
}

/**
 * The leaves of an override as `path → value` (paths dot-joined, list items by index; a list of
 * scalars, an empty list or map is one leaf), in key order: what the review lists.
 */
export function chartValuesOverridePaths(override: ChartValuesOverride): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (value: unknown, path: string): void => {
    if (isPlainMap(value) && Object.keys(value).length > 0) {
      for (const key of Object.keys(value).sort()) walk(value[key], path === '' ? key : `${path}.${key}`);
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`));
    } else {
      out.push([path, JSON.stringify(value)]);
    }
  };
  walk(override, '');
  return out;
}

/** Records an override of a release of the stack that contains `scope`, for the review. */
export function recordChartValuesOverride(scope: IConstruct, record: ChartValuesOverrideRecord): void {
  const stack = TerraformStack.of(scope);
  let records = registries.get(stack);
  if (!records) {
    records = [];
    registries.set(stack, records);
  }
  records.push(record);
}

/** The overrides of the releases of `stack`, by construct path then release name. */
export function chartValuesOverridesOf(stack: TerraformStack): ChartValuesOverrideRecord[] {
  return [...(registries.get(stack) ?? [])].sort((a, b) => compareText(a.constructPath, b.constructPath) || compareText(a.releaseName, b.releaseName));
}
