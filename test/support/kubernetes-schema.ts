import { celEnv, isCelError, parse as parseCel, plan as planCel } from '@bufbuild/cel';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { RE2 } from 're2-wasm';
import { parseAllDocuments } from 'yaml';
import type ts from 'typescript';
import { SHARED_CHARTS } from './chart-values';
import { cachedJson, contentHash } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';

/*
 * Schema validation of rendered Kubernetes objects (issue 14), with well-kept validators only:
 *
 * - Built-in kinds: `kubernetes-models` 4.5.1, whose per-kind classes carry validators that ajv compiled
 *   ahead of time from the Kubernetes v1.33.0 OpenAPI schema (the package's changelog: 4.5.0 "Update schema
 *   version to v1.33.0"). 5.x is ESM-only and needs Node 22; this project runs jest as CommonJS on Node 20.
 *   The package merges in schemas of API versions that older releases served (extensions/v1beta1,
 *   policy/v1beta1, …); every pre-GA version it carries was removed from Kubernetes by 1.33, so an object of
 *   one is refused here, as a 1.33 cluster refuses it. Kubernetes' OpenAPI document leaves objects open, so
 *   unknown fields of built-in kinds are found separately, in a batch: `unknownBuiltInFields` (the
 *   TypeScript compiler's excess-property check against kubernetes-models' generated types).
 * - Custom resources: the `openAPIV3Schema` of the CRD that the pinned charts ship (../shared/charts, every
 *   file whose top-level kind is CustomResourceDefinition: kube-prometheus-stack's charts/crds/crds/ and
 *   datadog-crds' templates/), compiled once per kind with ajv and the API server's structural-schema
 *   semantics: a field a schema does not declare is unknown (the API server refuses it under the strict
 *   field validation helm uses, or prunes it silently) unless `x-kubernetes-preserve-unknown-fields` says
 *   otherwise; defaults are applied before validation; `x-kubernetes-int-or-string` takes an integer or a
 *   string; `x-kubernetes-list-type` `set` and `map` entries must be unique (by `x-kubernetes-list-map-keys`);
 *   `pattern`s are Go (RE2) expressions, matched with RE2; `x-kubernetes-validations` CEL rules are
 *   evaluated with @bufbuild/cel.
 *
 * Both: `null` object fields are left out first, as the API server does (it decodes them as unset, and
 * prunes them from custom resources); `metadata` is validated as an ObjectMeta, with a name. An object of a
 * kind that neither knows is an error, never passed.
 */

/** The Kubernetes version whose OpenAPI schema the built-in validators were generated from. */
export const KUBERNETES_SCHEMA_VERSION = '1.33.0';

type KubeObject = Record<string, any>;

/** A kubernetes-models class: `new Model(data).validate()` throws with ajv errors when data is invalid. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: KubeObject): { validate(): void };
}

// ---------------------------------------------------------------------------------------------------
// Built-in kinds

const builtInModels = new Map<string, ModelClass | undefined>();
let packageDir: string | undefined;
let packageGroupVersions: Set<string> | undefined;

/** The group/versions kubernetes-models exports (`./apps/v1/*`, `./v1/*`, …), from its package.json. */
function groupVersions(): Set<string> {
  if (!packageGroupVersions) {
    const manifest = require.resolve('kubernetes-models/package.json');
    packageDir = dirname(manifest);
    const exported = Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, unknown> }).exports);
    packageGroupVersions = new Set(exported.filter((key) => key.endsWith('/*')).map((key) => key.slice(2, -2)));
  }
  return packageGroupVersions;
}

/** The kubernetes-models class of apiVersion/kind, or undefined when the package has none. */
function builtInModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (builtInModels.has(key)) return builtInModels.get(key);
  let model: ModelClass | undefined;
  // A kind file of an exported group/version (the kind's name checked first: no path tricks).
  if (groupVersions().has(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind) && existsSync(join(packageDir!, apiVersion, `${kind}.js`))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const candidate = require(`kubernetes-models/${apiVersion}/${kind}`)[kind] as ModelClass | undefined;
    // A top-level kind, not one of the package's sub-structures (DeploymentSpec, …).
    if (candidate && candidate.apiVersion === apiVersion && candidate.kind === kind) model = candidate;
  }
  builtInModels.set(key, model);
  return model;
}

/** ajv errors of a kubernetes-models validation, or [] when valid. */
function modelErrors(model: ModelClass, object: KubeObject): ErrorObject[] {
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors;
  }
}

/** The API server requires a name (generateName is for `create`, which helm does not use). */
function nameErrors(object: KubeObject): string[] {
  const metadata = object.metadata;
  if (metadata === undefined) return ['/: must have required property \'metadata\''];
  return metadata && typeof metadata === 'object' && !metadata.name ? ['/metadata: must have required property \'name\''] : [];
}

/** Errors of a custom resource's `metadata` as an ObjectMeta, validated through a ConfigMap that carries it. */
function objectMetaErrors(object: KubeObject): string[] {
  if (object.metadata === undefined) return [];
  const configMap = builtInModel('v1', 'ConfigMap')!;
  return formatErrors(modelErrors(configMap, { metadata: object.metadata }).filter((e) => e.instancePath.startsWith('/metadata')));
}

// ---------------------------------------------------------------------------------------------------
// Custom resources

/** One CustomResourceDefinition file of ../shared/charts, indexed by group and kind before it is parsed. */
interface CrdSource {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  /** The CRD's YAML document, helm template actions taken out (datadog-crds ships its CRDs as templates). */
  readonly text: string;
}

interface CrdVersion {
  readonly served: boolean;
  readonly schema: Record<string, any> | undefined;
}

let crdSources: Map<string, CrdSource> | undefined;
const crdVersions = new Map<string, { source: CrdSource; versions: Map<string, CrdVersion> }>();
const crdValidators = new Map<string, ValidateFunction>();

/**
 * The text of a CRD file with Go template actions removed: lines that are only actions (`{{- if … }}`,
 * `{{- end }}`) go, actions inside a value become `templated`. Only metadata is templated in the pinned
 * charts; a template action left in a schema is refused when the schema is parsed.
 */
function withoutTemplateActions(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
    .join('\n')
    .replace(/\{\{.*?\}\}/g, 'templated');
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every CRD in ../shared/charts by `group/kind`, read once. Files are indexed by the group and kind their
 * text names and parsed only when an object of that kind is validated (the largest CRD takes half a second
 * to parse). Two charts shipping the same CRD (datadog and its operator subchart both carry datadog-crds)
 * must ship the same text; different ones are an error, never a silent pick.
 */
function crdIndex(): Map<string, CrdSource> {
  if (crdSources) return crdSources;
  const index = new Map<string, CrdSource>();
  if (existsSync(SHARED_CHARTS)) {
    for (const file of yamlFiles(SHARED_CHARTS).sort()) {
      const raw = readFileSync(file, 'utf8');
      if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(raw)) continue;
      // One CRD per YAML document (a file may hold several).
      for (const text of withoutTemplateActions(raw).split(/^---\s*$/m)) {
        if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(text)) continue;
        const group = /^ {2}group:\s*(\S+)\s*$/m.exec(text)?.[1];
        const kind = /^ {2}names:\s*\n(?: {4}.*\n)*? {4}kind:\s*(\S+)\s*$/m.exec(text)?.[1];
        if (!group || !kind) throw new Error(`${file}: a CustomResourceDefinition whose spec.group and spec.names.kind this index cannot read.`);
        const key = `${group}/${kind}`;
        const earlier = index.get(key);
        if (earlier && earlier.text !== text) {
          throw new Error(`${key} is defined differently by ${relative(SHARED_CHARTS, earlier.file)} and ${relative(SHARED_CHARTS, file)}; say which one the stack installs.`);
        }
        if (!earlier) index.set(key, { file, group, kind, text });
      }
    }
  }
  crdSources = index;
  return index;
}

/**
 * What this harness's cached results depend on besides their own inputs: this file, and the pinned
 * dependencies (yaml, typescript, kubernetes-models, as package-lock.json and the installed manifests say).
 */
let harnessKey: string | undefined;
function harnessHash(): string {
  harnessKey ??= contentHash(['test/support/kubernetes-schema.ts', 'package-lock.json'], ['typescript', 'kubernetes-models', 'yaml'].map((name) => readFileSync(require.resolve(`${name}/package.json`), 'utf8')));
  return harnessKey;
}

/** The versions of a CRD as its YAML says them (each `schema` as JSON: a plain value, kept as is through JSON). */
function parseCrdVersions(source: CrdSource): Array<{ name: string; served: boolean; schema?: Record<string, any> }> {
  const key = `${source.group}/${source.kind}`;
  const documents = parseAllDocuments(source.text).map((doc) => doc.toJS()).filter((doc) => doc?.kind === 'CustomResourceDefinition');
  const crd = documents.find((doc) => doc.spec?.group === source.group && doc.spec?.names?.kind === source.kind);
  if (!crd) throw new Error(`${source.file}: no CustomResourceDefinition of ${key} after parsing.`);
  const versions = (crd.spec.versions as Array<Record<string, any>>).map((version) => {
    const schema = version.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
    return { name: String(version.name), served: version.served !== false, ...(schema === undefined ? {} : { schema }) };
  });
  // Cached as JSON: a value JSON cannot carry (.inf, .nan) would change on the way; refuse it instead.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(versions)), versions)) throw new Error(`${source.file}: ${key} holds a value JSON cannot carry; extend crdOf.`);
  return versions;
}

/**
 * The parsed versions of a CRD (parsed once). Parsing the largest CRD takes about half a second, so the
 * parsed versions are cached on disk (disk-cache.ts), keyed by the CRD's text and this harness.
 */
function crdOf(group: string, kind: string): { source: CrdSource; versions: Map<string, CrdVersion> } | undefined {
  const key = `${group}/${kind}`;
  const cached = crdVersions.get(key);
  if (cached) return cached;
  const source = crdIndex().get(key);
  if (!source) return undefined;
  const parsed = cachedJson('monitoring-crd-versions', contentHash([], [harnessHash(), key, source.text]), () => parseCrdVersions(source), { keep: 40 });
  const versions = new Map<string, CrdVersion>();
  for (const version of parsed) {
    const schema = version.schema;
    if (schema && JSON.stringify(schema).includes('{{')) throw new Error(`${source.file}: ${key} ${version.name}'s schema is templated; render it before validating against it.`);
    versions.set(version.name, { served: version.served, schema });
  }
  const entry = { source, versions };
  crdVersions.set(key, entry);
  return entry;
}

const INT_OR_STRING = [{ type: 'integer' }, { type: 'string' }];

/**
 * A CRD schema with the API server's structural-schema semantics made explicit for a JSON-schema validator:
 * objects are closed (additionalProperties: false) unless `x-kubernetes-preserve-unknown-fields` or their own
 * additionalProperties say otherwise; int-or-string becomes `anyOf: [integer, string]` where the CRD did not
 * spell it out; `x-kubernetes-embedded-resource` objects take apiVersion, kind and metadata. Inside anyOf,
 * allOf, oneOf and not (value validations only, in a structural schema) nothing is closed.
 */
function structural(node: unknown, junctor = false): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Record<string, any> = { ...(node as Record<string, any>) };
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, structural(v, junctor)]));
  if (out.items) out.items = Array.isArray(out.items) ? out.items.map((v: unknown) => structural(v, junctor)) : structural(out.items, junctor);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') out.additionalProperties = structural(out.additionalProperties, junctor);
  for (const key of ['anyOf', 'allOf', 'oneOf']) if (out[key]) out[key] = out[key].map((v: unknown) => structural(v, true));
  if (out.not) out.not = structural(out.not, true);
  if (out['x-kubernetes-int-or-string'] === true || out.format === 'int-or-string') {
    if (out.format === 'int-or-string') {
      delete out.format;
      delete out.type;
    }
    if (!out.anyOf && !out.oneOf) out.anyOf = INT_OR_STRING;
  }
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      ...out.properties,
    };
  }
  const isObject = out.type === 'object' || (out.type === undefined && out.properties !== undefined);
  if (!junctor && isObject && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * A custom resource's root schema: apiVersion and kind are always known; metadata is checked as an
 * ObjectMeta (objectMetaErrors), plus whatever the CRD says of it (a CRD may constrain the name).
 */
function rootSchema(schema: Record<string, any>): unknown {
  return structural({
    ...schema,
    type: 'object',
    properties: {
      ...schema.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { ...schema.properties?.metadata, type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  });
}

let ajvInstance: Ajv | undefined;

/**
 * One ajv for every CRD schema: strict about keywords and formats (an unexpected keyword in a newly pinned
 * CRD fails loudly instead of being ignored), with the Kubernetes extensions declared or implemented.
 * `code.optimize: false` almost halves the compile time of the large CRDs (Prometheus: ~0.8 s instead of ~1.5 s).
 */
function crdAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv({
    allErrors: true,
    // The API server fills in defaults before it validates (a defaulted required field is present).
    useDefaults: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    // CRD patterns are Go regular expressions (RE2 syntax: `(?i)` flags…), which JavaScript's RegExp does
    // not read; RE2 itself (re2-wasm, as kubernetes-models' own validators use) matches them as the API server does.
    code: { optimize: false, regExp: Object.assign((pattern: string, flags: string) => new RE2(pattern, flags || 'u'), { code: 'new (require("re2-wasm").RE2)' }) },
  });
  // Declared: they shape the schema (handled in `structural`) or document it; nothing to check per value.
  ajv.addVocabulary([
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-int-or-string',
    'x-kubernetes-map-type',
    'x-kubernetes-list-map-keys',
    'example',
    'externalDocs',
  ]);
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', type: 'array', schemaType: 'string', errors: true, validate: listTypeValidate });
  // After the node's other keywords, as the API server runs CEL rules on a schema-valid, defaulted value.
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array', errors: true, post: true, validate: celValidate });
  // Integer formats: the API server does not check them, but the operator's Go types cannot decode a value
  // out of range (an int32 field given 2^31), so they are checked here.
  const int = (bits: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n <= 2 ** (bits - 1) - 1 });
  ajv.addFormat('int32', int(32));
  ajv.addFormat('int64', int(64));
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  // RFC 3339, as kube-openapi's strfmt checks `date-time` and `date`.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('password', true);
  ajvInstance = ajv;
  return ajv;
}

/**
 * `x-kubernetes-list-type`: the entries of a `set` must be unique, those of a `map` unique by their
 * `x-kubernetes-list-map-keys` (the API server refuses duplicates); `atomic` lists take anything.
 * ajv reads a `validate` keyword's errors from the function object itself.
 */
function listTypeValidate(listType: string, data: unknown[], parentSchema?: Record<string, any>): boolean {
  const self = listTypeValidate as typeof listTypeValidate & { errors?: Array<Partial<ErrorObject>> };
  self.errors = [];
  if (listType !== 'set' && listType !== 'map') return true;
  const keys: string[] = parentSchema?.['x-kubernetes-list-map-keys'] ?? [];
  const identity = (item: unknown) =>
    listType === 'map' && item && typeof item === 'object' ? JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k])) : JSON.stringify(item);
  const seen = new Map<string, number>();
  data.forEach((item, i) => {
    const id = identity(item);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else {
      self.errors!.push({
        keyword: 'x-kubernetes-list-type',
        message: listType === 'map' ? `items ${first} and ${i} have the same ${keys.join(', ')} (list-type map)` : `items ${first} and ${i} are equal (list-type set)`,
        params: { listType },
      });
    }
  });
  return self.errors.length === 0;
}

/** A value as CEL sees it: maps for objects, int (bigint) for integral numbers. */
function celInput(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celInput);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celInput(v)]));
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}

type CelProgram = (bindings: { self: unknown }) => unknown;
const celPrograms = new Map<string, CelProgram | Error>();

/** A rule parsed and planned once (a rule that does not parse is kept as its error). */
function celProgram(rule: string): CelProgram | Error {
  let program = celPrograms.get(rule);
  if (!program) {
    try {
      program = planCel(celEnv(), parseCel(rule)) as unknown as CelProgram;
    } catch (error) {
      program = error as Error;
    }
    celPrograms.set(rule, program);
  }
  return program;
}

/**
 * `x-kubernetes-validations`: each CEL rule must hold for the node's value (`self`), evaluated with
 * @bufbuild/cel. Transition rules (those reading `oldSelf`) apply to updates only, so not to a new object.
 * A rule that cannot be evaluated (a Kubernetes-only CEL function, a missing field) is an error, as it is
 * for the API server.
 */
function celValidate(rules: ReadonlyArray<{ rule: string; message?: string }>, data: unknown): boolean {
  const self = celValidate as typeof celValidate & { errors?: Array<Partial<ErrorObject>> };
  self.errors = [];
  const input = celInput(data);
  for (const { rule, message } of rules) {
    if (/\boldSelf\b/.test(rule)) continue;
    const program = celProgram(rule);
    const result = program instanceof Error ? program : program({ self: input });
    if (result === true) continue;
    const failure = result === false ? (message ?? `failed rule: ${rule}`) : `CEL rule ${JSON.stringify(rule)} could not be evaluated: ${isCelError(result) || result instanceof Error ? (result as Error).message : String(result)}`;
    self.errors.push({ keyword: 'x-kubernetes-validations', message: failure, params: { rule } });
  }
  return self.errors.length === 0;
}

function crdValidator(group: string, version: string, kind: string, schema: Record<string, any>): ValidateFunction {
  const key = `${group}/${version}/${kind}`;
  let validate = crdValidators.get(key);
  if (!validate) {
    validate = crdAjv().compile(rootSchema(schema) as object);
    crdValidators.set(key, validate);
  }
  return validate;
}

/** Schema errors of a custom resource, or undefined when no CRD of its group and kind is shipped. */
function customResourceErrors(object: KubeObject, group: string, version: string, kind: string): string[] | undefined {
  const crd = crdOf(group, kind);
  if (!crd) return undefined;
  const entry = crd.versions.get(version);
  const where = relative(SHARED_CHARTS, crd.source.file);
  if (!entry) return [`no schema for ${group}/${version} ${kind}: the CRD in ${where} has versions ${[...crd.versions.keys()].join(', ')}`];
  if (!entry.served) return [`${group}/${version} ${kind} is not served by the CRD in ${where}`];
  if (!entry.schema) return [`no schema for ${group}/${version} ${kind}: the CRD in ${where} has no openAPIV3Schema`];
  const validate = crdValidator(group, version, kind, entry.schema);
  return validate(object) ? [] : formatErrors(validate.errors ?? []);
}

// ---------------------------------------------------------------------------------------------------
// Errors and the entry point

/** One line per faulty path, e.g. `/spec/replicas: must be integer`, `/spec: unknown field "foo"`. */
function formatErrors(errors: readonly Partial<ErrorObject>[]): string[] {
  const byPath = new Map<string, Partial<ErrorObject>[]>();
  for (const error of errors) {
    const path = error.instancePath || '/';
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  const lines: string[] = [];
  for (const [path, group] of byPath) {
    // An int-or-string (anyOf/oneOf of types) that is neither: one line, not three.
    const union = group.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const types = group.filter((e) => e.keyword === 'type').map((e) => (e.params as { type: string }).type);
    const rest = group.filter((e) => !(union && (e === union || e.keyword === 'type')));
    if (union && types.length > 0) lines.push(`${path}: must be ${types.join(' or ')}`);
    for (const error of rest) {
      const params = (error.params ?? {}) as Record<string, unknown>;
      if (error.keyword === 'additionalProperties') lines.push(`${path}: unknown field "${params.additionalProperty}"`);
      else if (error.keyword === 'enum') lines.push(`${path}: must be one of ${JSON.stringify(params.allowedValues)}`);
      else lines.push(`${path}: ${error.message}`);
    }
  }
  return [...new Set(lines)];
}

/** A copy without `null` object fields (list items stay: a null item is an error). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

/**
 * Schema errors of one rendered Kubernetes object: against the Kubernetes v1.33.0 OpenAPI schema for a
 * built-in kind, against the shipped CRD's openAPIV3Schema for a custom resource. [] when valid; an object
 * whose apiVersion/kind neither knows gets `no schema for …`.
 */
export function schemaErrors(rendered: unknown): string[] {
  if (!rendered || typeof rendered !== 'object' || Array.isArray(rendered)) return ['/: a Kubernetes object must be a map'];
  const object = withoutNulls(rendered) as KubeObject;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return ['/: apiVersion and kind must be non-empty strings'];
  const model = builtInModel(apiVersion, kind);
  if (model) {
    if (!/^v\d+$/.test(apiVersion.split('/').pop()!)) {
      return [`${apiVersion} ${kind} is not served by Kubernetes ${KUBERNETES_SCHEMA_VERSION} (removed; use the GA version)`];
    }
    return [...formatErrors(modelErrors(model, object)), ...nameErrors(object)];
  }
  const slash = apiVersion.indexOf('/');
  if (slash > 0) {
    const errors = customResourceErrors(object, apiVersion.slice(0, slash), apiVersion.slice(slash + 1), kind);
    if (errors) return [...errors, ...objectMetaErrors(object), ...nameErrors(object)];
  }
  return [`no schema for ${apiVersion} ${kind}: neither a Kubernetes ${KUBERNETES_SCHEMA_VERSION} kind nor a CRD shipped in ../shared/charts`];
}

/** `group/kind` of every CRD shipped in ../shared/charts (for reports and tests). */
export function shippedCustomResourceKinds(): string[] {
  return [...crdIndex().keys()].sort();
}

/** The CRD schemas compiled so far, as `group/version/kind` (each compiled once per process). */
export function compiledCustomResourceSchemas(): string[] {
  return [...crdValidators.keys()].sort();
}

// ---------------------------------------------------------------------------------------------------
// Unknown fields of built-in kinds

let typescriptModule: typeof import('typescript') | undefined;

/** The compiler, loaded on first use: it takes half a second to load, and schemaErrors needs none of it. */
function typescript(): typeof import('typescript') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (typescriptModule ??= require('typescript') as typeof import('typescript'));
}

/** The name of an object literal's property, as written (`"x"`, `x`, `'x'`). */
function propertyName(node: ts.PropertyName): string {
  const ts = typescript();
  return ts.isStringLiteral(node) || ts.isIdentifier(node) || ts.isNumericLiteral(node) ? node.text : node.getText();
}

/** The JSON path of a node inside `export const o<i> = {…}`: the object's index and `/spec/…`. */
function literalPath(node: ts.Node): { index: number; path: string } | undefined {
  const ts = typescript();
  const parts: string[] = [];
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isPropertyAssignment(parent) && parent.initializer === child) parts.unshift(propertyName(parent.name));
    else if (ts.isArrayLiteralExpression(parent)) parts.unshift(String(parent.elements.indexOf(child as ts.Expression)));
    else if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      return { index: Number(parent.name.text.slice(1)), path: `/${parts.join('/')}` };
    }
  }
  return undefined;
}

/** The innermost node of `file` that spans `position`. */
function nodeAt(file: ts.SourceFile, position: number): ts.Node {
  const ts = typescript();
  let found: ts.Node = file;
  const visit = (node: ts.Node) => {
    if (position >= node.getStart(file) && position < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(file, visit);
  return found;
}

/** Removes the field at `/a/0/b` + name from a JSON value (a copy this module made). */
function deleteField(value: unknown, path: string, field: string): void {
  let node: any = value;
  for (const part of path.split('/').filter(Boolean)) node = node?.[part];
  if (node && typeof node === 'object') delete node[field];
}

const TYPE_MISMATCHES = new Set([2322, 2820, 2741, 2739, 2740, 2559, 2769, 2345]);

/**
 * The compiler host and the last program of unknownBuiltInFields, kept across calls and rounds: the
 * declaration files (kubernetes-models, lib.es5) do not change during a run, so each is parsed once
 * instead of once per program (half a second per call otherwise).
 */
interface UnknownFieldsCompiler {
  readonly host: ts.CompilerHost;
  readonly options: ts.CompilerOptions;
  /** The file the objects are written to; `file` is its current text. */
  readonly fileName: string;
  file?: ts.SourceFile;
  program?: ts.Program;
}
let unknownFieldsCompiler: UnknownFieldsCompiler | undefined;

function unknownFieldsHost(): UnknownFieldsCompiler {
  if (unknownFieldsCompiler) return unknownFieldsCompiler;
  const ts = typescript();
  // A file beside this one, so that kubernetes-models resolves from the repository's node_modules.
  const fileName = join(__dirname, '__unknown-fields__.ts');
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es5.d.ts'],
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const compiler: UnknownFieldsCompiler = { host, options, fileName };
  host.getSourceFile = (name, ...rest) => {
    if (name === fileName) return compiler.file;
    if (!parsed.has(name)) parsed.set(name, getSourceFile.call(host, name, ...rest));
    return parsed.get(name);
  };
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  unknownFieldsCompiler = compiler;
  return compiler;
}

/**
 * Fields of built-in objects that Kubernetes does not know, per object (`/spec/template/…: unknown field
 * "runAsNonroot"`): helm validates with strict field validation, so the API server refuses them at deploy.
 * Kubernetes' OpenAPI document leaves its objects open, so the compiled validators cannot say this; the
 * TypeScript compiler can, from kubernetes-models' types (generated from the same v1.33.0 document): each
 * object is written as a typed object literal and type-checked, and its excess-property errors are the
 * unknown fields. TypeScript names only some unknown fields of an object at a time, so the objects with
 * findings are checked again without them until nothing new appears. One program for all the objects
 * (about a second to load the types; a further round reuses them); custom resources and kinds without a
 * built-in schema get [] here (`schemaErrors` covers them).
 */
export function unknownBuiltInFields(objects: readonly unknown[]): string[][] {
  // The verdict is a pure function of the objects (as JSON: the check reads them only so) and this harness:
  // cached on disk like the real tools' verdicts (disk-cache.ts), so an unchanged batch skips the compiler.
  const key = contentHash([], [harnessHash(), JSON.stringify(objects)]);
  // One verdict per call, logged as tsc (tool-log.ts): the batch is one program and one cache entry, not one per object.
  return cachedJson('monitoring-unknown-fields', key, () => {
    recordToolVerdict('tsc', 'ran');
    return measuringToolCpu('tsc', () => checkUnknownBuiltInFields(objects));
  }, { keep: 200 });
}

function checkUnknownBuiltInFields(objects: readonly unknown[]): string[][] {
  const ts = typescript();
  const result: string[][] = objects.map(() => []);
  const current = new Map<number, KubeObject>();
  objects.forEach((rendered, i) => {
    if (!rendered || typeof rendered !== 'object' || Array.isArray(rendered)) return;
    const { apiVersion, kind } = rendered as KubeObject;
    if (typeof apiVersion === 'string' && typeof kind === 'string' && builtInModel(apiVersion, kind)) current.set(i, withoutNulls(rendered) as KubeObject);
  });
  const compiler = unknownFieldsHost();
  const { host, options, fileName } = compiler;
  for (let round = 0; current.size > 0; round++) {
    if (round === 20) throw new Error('unknownBuiltInFields: still finding unknown fields after 20 rounds');
    const imports = new Map<string, string>();
    const declarations = [...current].map(([i, object]) => {
      const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
      if (!imports.has(module)) imports.set(module, `K${imports.size}`);
      return `export const o${i}: ${imports.get(module)}.I${object.kind} = ${JSON.stringify(object, null, 1)};`;
    });
    const source = [...[...imports].map(([module, alias]) => `import type * as ${alias} from '${module}';`), ...declarations].join('\n');
    const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
    compiler.file = file;
    const program = ts.createProgram({ rootNames: [fileName], options, host, oldProgram: compiler.program });
    compiler.program = program;
    const found = new Set<number>();
    for (const diagnostic of program.getSemanticDiagnostics(file)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      // 2353: "Object literal may only specify known properties"; 2561: the same with "Did you mean …?".
      if (diagnostic.code === 2353 || diagnostic.code === 2561) {
        const assignment = ts.findAncestor(nodeAt(file, diagnostic.start!), ts.isPropertyAssignment);
        const at = assignment && literalPath(assignment.parent);
        if (!assignment || !at) throw new Error(`unknownBuiltInFields: cannot place "${message}"`);
        const field = propertyName(assignment.name);
        result[at.index].push(`${at.path}: unknown field "${field}"`);
        deleteField(current.get(at.index), at.path, field);
        found.add(at.index);
      } else if (!TYPE_MISMATCHES.has(diagnostic.code)) {
        // Type mismatches are schemaErrors' to report; anything else means this harness is broken.
        throw new Error(`unknownBuiltInFields: unexpected TypeScript error ${diagnostic.code}: ${message}`);
      }
    }
    for (const i of [...current.keys()]) if (!found.has(i)) current.delete(i);
  }
  return result;
}
