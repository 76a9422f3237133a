import { ValidationError, show } from '../core/validation-error';
import { canonicalJson } from './canonical-json';

/** A dashboard's JSON model, as Grafana stores it. */
export type DashboardJson = Record<string, unknown>;

/** Anything with a `build()` that returns a dashboard model: a foundation-sdk `DashboardBuilder`. */
export interface DashboardModelBuilder {
  /** The dashboard's JSON model. */
  build(): unknown;
}

const UID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * One dashboard: a stable uid, a title and its JSON model, frozen. Built from typed code
 * (`Dashboard.fromBuilder(new DashboardBuilder(...))`) or from an exported JSON model.
 */
export class Dashboard {
  /** From a @grafana/grafana-foundation-sdk `DashboardBuilder` (or anything whose `build()` gives a model). */
  public static fromBuilder(builder: DashboardModelBuilder): Dashboard {
    return new Dashboard(builder.build() as DashboardJson);
  }

  /** From a JSON model (e.g. exported from Grafana); it must carry a `uid` and a `title`. */
  public static fromJson(json: DashboardJson): Dashboard {
    return new Dashboard(json);
  }

  /** Stable uid: URLs, links and the ConfigMap name derive from it. */
  public readonly uid: string;
  /** Dashboard title, as shown in Grafana. */
  public readonly title: string;
  /** The model, normalized: plain JSON, `id` null (Grafana assigns it), panel ids numbered in order. */
  public readonly json: DashboardJson;
  // The model is frozen, so its text is rendered once (the ConfigMap and the review file both need it).
  private jsonText?: string;

  private constructor(model: DashboardJson) {
    const json = JSON.parse(JSON.stringify(model ?? {})) as DashboardJson;
    const uid = json.uid;
    const where = `Dashboard ${show(json.title ?? '(untitled)')}`;
    if (typeof uid !== 'string' || !UID.test(uid)) {
      throw new ValidationError(where, `uid ${show(uid)} is not a stable Grafana uid; set one of up to 40 letters, digits, '-' and '_' (e.g. .uid("svc-api-gateway")), or links break on every deploy.`);
    }
    if (typeof json.title !== 'string' || json.title.trim() === '') {
      throw new ValidationError(`Dashboard ${show(uid)}`, `title ${show(json.title)} is empty; give the dashboard a title.`);
    }
    json.id = null;
    numberPanels(json);
    this.uid = uid;
    this.title = json.title;
    this.json = deepFreeze(json);
  }

  /** Panels, rows' nested panels included. */
  public panels(): Array<Record<string, any>> {
    return allPanels(this.json);
  }

  /** Deterministic JSON text (sorted keys): what the ConfigMap holds and the review artifact shows. */
  public toJsonString(): string {
    // The model is plain JSON data already: the constructor made it from JSON text.
    return (this.jsonText ??= canonicalJson(this.json));
  }
}

/** Panels of a model, including those nested in collapsed rows. */
export function allPanels(json: DashboardJson): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  for (const panel of (json.panels as Array<Record<string, any>> | undefined) ?? []) {
    out.push(panel);
    for (const nested of (panel.panels as Array<Record<string, any>> | undefined) ?? []) out.push(nested);
  }
  return out;
}

/**
 * Unique positive panel ids, assigned in layout order where the builder left none, a non-positive one
 * (the SDK gives every row id 0) or a duplicate; ids already unique are kept, so panel links survive.
 */
function numberPanels(json: DashboardJson): void {
  const panels = allPanels(json);
  const seen = new Set<number>();
  const keep = panels.map((p) => {
    const ok = Number.isInteger(p.id) && p.id > 0 && !seen.has(p.id);
    if (ok) seen.add(p.id);
    return ok;
  });
  let next = 1;
  panels.forEach((panel, i) => {
    if (keep[i]) return;
    while (seen.has(next)) next++;
    panel.id = next;
    seen.add(next);
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value as object)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
