import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { HelmChartRef } from '../../lib';
import { SHARED_CHARTS } from '../support/chart-values';

/**
 * Validates chart values against the pinned chart's values.schema.json, as Helm does: against the
 * chart defaults merged with ours. Returns the ajv errors as text ([] when valid), or undefined with a
 * notice when ../shared is absent (a failure when CI=true).
 */
export function chartSchemaErrors(chart: HelmChartRef, values: Record<string, unknown>, defaults: Record<string, unknown>): string[] | undefined {
  const file = join(SHARED_CHARTS, `${chart.chart}-${chart.version}`, 'values.schema.json');
  if (!existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`${file} is missing; CI needs ../shared/charts beside the repository.`);
    // eslint-disable-next-line no-console
    console.warn(`[skip] ${file} not found: chart schema checks are skipped.`);
    return undefined;
  }
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // The chart names draft-07 by an https URL ajv does not know; the keywords are draft-07's.
  delete schema.$schema;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const merged = helmMerge(defaults, values);
  return validate(merged) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Helm's merge of user values over chart defaults: maps merge, everything else replaces. */
export function helmMerge(base: unknown, over: unknown): unknown {
  if (isMap(base) && isMap(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = key in base ? helmMerge(base[key], value) : value;
    return out;
  }
  return over;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every string in a JSON value, with its path, for "no key material" scans. */
export function allStrings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => allStrings(v, `${path}[${i}]`));
  if (isMap(value)) return Object.entries(value).flatMap(([k, v]) => allStrings(v, path ? `${path}.${k}` : k));
  return [];
}
