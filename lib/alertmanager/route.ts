import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { checkLabelName } from './label-name';
import { Matcher, MatcherLike, toMatchers } from './matcher';
import { Receiver } from './receiver';
import { TimeInterval } from './time-interval';

/** How long Alertmanager waits and repeats, per route (inherited by child routes). */
export interface RouteTimingProps {
  /**
   * How long to wait before the first notification of a new group, to gather more alerts into it.
   * @default the parent's value (root: Alertmanager's 30s)
   */
  readonly groupWait?: DurationLike;
  /**
   * How long to wait before notifying about alerts added to a group already notified.
   * @default the parent's value (root: Alertmanager's 5m)
   */
  readonly groupInterval?: DurationLike;
  /**
   * How long to wait before repeating a notification for alerts still firing.
   * @default the parent's value (root: Alertmanager's 4h)
   */
  readonly repeatInterval?: DurationLike;
}

/** Settings shared by the root route and child routes. */
export interface RouteOptions extends RouteTimingProps {
  /**
   * Labels that split alerts into notification groups; `['...']` groups by all labels.
   * @default the parent's value (root: all alerts of the route in one group)
   */
  readonly groupBy?: ReadonlyArray<string>;
}

/** A child route. */
export interface RouteProps extends RouteOptions {
  /**
   * Receiver (name or object) for alerts that end at this route.
   * @default the parent's receiver
   */
  readonly receiver?: string | Receiver;
  /**
   * Conditions on alert labels, all of which must hold, e.g. `['team="platform"', Matcher.regex('severity', 'critical|warning')]`.
   * @default none: every alert that reaches this level matches
   */
  readonly matchers?: ReadonlyArray<MatcherLike>;
  /**
   * Keep looking at the following sibling routes after this one matched.
   * @default false
   */
  readonly continue?: boolean;
  /**
   * Time intervals (names or objects) during which notifications of this route are muted.
   * @default none
   */
  readonly muteTimeIntervals?: ReadonlyArray<string | TimeInterval>;
  /**
   * Time intervals (names or objects) outside of which notifications of this route are muted.
   * @default none: always active
   */
  readonly activeTimeIntervals?: ReadonlyArray<string | TimeInterval>;
  /**
   * Child routes, tried in order.
   * @default none
   */
  readonly routes?: ReadonlyArray<RouteProps>;
}

/** The root route: it matches every alert and must name the default receiver. */
export interface RootRouteProps extends RouteOptions {
  /** The default receiver, for alerts no child route takes. */
  readonly receiver: string | Receiver;
  /**
   * Child routes, tried in order.
   * @default none
   */
  readonly routes?: ReadonlyArray<RouteProps>;
}

/** One route an alert ends at, as Alertmanager's dispatcher finds them. */
export interface RouteMatch {
  /** The receiver notified (the route's own, or inherited from its parent). */
  readonly receiver: string;
  /** The route's model path, e.g. `route > routes[0] (team="platform")`. */
  readonly path: string;
  /** The route. */
  readonly route: Route;
}

/**
 * A node of the routing tree. Alerts enter at the root; at each node the children are tried in
 * order, the first match wins unless it has `continue`, and an alert no child takes ends at the node.
 */
export class Route {
  /** The model path, for messages: `route`, `route > routes[2] (team="security")`. */
  public readonly path: string;
  /** Receiver name set on this route (undefined: inherited). */
  public readonly receiver?: string;
  /** Receiver objects given directly, so the configuration can register them. */
  public readonly receiverObject?: Receiver;
  /** Label conditions. */
  public readonly matchers: ReadonlyArray<Matcher>;
  /** Whether siblings after this one are still tried when it matches. */
  public readonly continue: boolean;
  /** Grouping labels set on this route. */
  public readonly groupBy?: ReadonlyArray<string>;
  /** Timings set on this route. */
  public readonly groupWait?: Duration;
  /** How long to wait before notifying about new alerts added to a group already notified (undefined: inherited). */
  public readonly groupInterval?: Duration;
  /** How long to wait before re-sending a notification for a group still firing (undefined: inherited). */
  public readonly repeatInterval?: Duration;
  /** Time interval names (and objects given directly). */
  public readonly muteTimeIntervals: ReadonlyArray<string>;
  /** Names of the time intervals outside which this route is muted (active only during them). */
  public readonly activeTimeIntervals: ReadonlyArray<string>;
  /** Time interval objects given directly, so the configuration can register them. */
  public readonly timeIntervalObjects: ReadonlyArray<TimeInterval>;
  private readonly children: Route[] = [];
  private readonly isRoot: boolean;

  /** @param path the model path of this route (`route` for the root). */
  constructor(props: RouteProps | RootRouteProps, path = 'route') {
    this.isRoot = path === 'route';
    const child = props as RouteProps;
    if (props === null || typeof props !== 'object') {
      throw new ValidationError(path, `${show(props)} is not a route; write e.g. { matchers: ['team="platform"'], receiver: "team-platform" }.`);
    }
    if (this.isRoot) {
      for (const key of ['matchers', 'continue', 'muteTimeIntervals', 'activeTimeIntervals'] as const) {
        if (child[key] !== undefined) {
          throw new ValidationError(
            path,
            `the root route cannot have ${key} (${show(child[key])}): every alert enters it; put the setting on a child route in routes.`,
          );
        }
      }
      if (props.receiver === undefined) {
        throw new ValidationError(path, 'the root route has no receiver; set receiver to the default receiver (a Receiver or its name) for alerts no child route takes.');
      }
    }
    this.matchers = toMatchers(child.matchers, `${path} > matchers`);
    this.path = path;
    if (props.receiver instanceof Receiver) {
      this.receiverObject = props.receiver;
      this.receiver = props.receiver.name;
    } else if (props.receiver !== undefined) {
      if (typeof props.receiver !== 'string' || props.receiver === '') {
        throw new ValidationError(`${path} > receiver`, `${show(props.receiver)} is not a receiver; give a Receiver or the name of one in receivers.`);
      }
      this.receiver = props.receiver;
    }
    if (child.continue !== undefined && typeof child.continue !== 'boolean') {
      throw new ValidationError(`${path} > continue`, `${show(child.continue)} is not true or false.`);
    }
    this.continue = child.continue ?? false;
    this.groupBy = props.groupBy === undefined ? undefined : checkGroupBy(props.groupBy, `${path} > groupBy`);
    this.groupWait = props.groupWait === undefined ? undefined : toDuration(props.groupWait, `${path} > groupWait`);
    this.groupInterval = positive(props.groupInterval, `${path} > groupInterval`);
    this.repeatInterval = positive(props.repeatInterval, `${path} > repeatInterval`);
    const objects: TimeInterval[] = [];
    const names = (list: ReadonlyArray<string | TimeInterval> | undefined, field: string): string[] => {
      if (list === undefined) return [];
      if (!Array.isArray(list)) {
        throw new ValidationError(`${path} > ${field}`, `${show(list)} is not a list of time intervals; give TimeInterval objects or their names.`);
      }
      return list.map((item, i) => {
        if (item instanceof TimeInterval) {
          objects.push(item);
          return item.name;
        }
        if (typeof item !== 'string' || item === '') {
          throw new ValidationError(`${path} > ${field}[${i}]`, `${show(item)} is not a time interval; give a TimeInterval or the name of one in timeIntervals.`);
        }
        return item;
      });
    };
    this.muteTimeIntervals = names(child.muteTimeIntervals, 'muteTimeIntervals');
    this.activeTimeIntervals = names(child.activeTimeIntervals, 'activeTimeIntervals');
    this.timeIntervalObjects = objects;
    for (const sub of props.routes ?? []) this.addRoute(sub);
  }

  /** The child routes, in order. */
  public get routes(): ReadonlyArray<Route> {
    return this.children;
  }

  /** Appends a child route (tried after the existing ones) and returns it. */
  public addRoute(props: RouteProps): Route {
    const index = this.children.length;
    const matchers = toMatchers(props?.matchers, `${this.path} > routes[${index}] > matchers`);
    const label = matchers.length > 0 ? ` (${matchers.map((m) => m.toString()).join(', ')})` : '';
    const route = new Route(props, `${this.path} > routes[${index}]${label}`);
    this.children.push(route);
    return route;
  }

  /** All routes of the subtree, this one first (depth-first, in order). */
  public allRoutes(): Route[] {
    return [this, ...this.children.flatMap((c) => c.allRoutes())];
  }

  /**
   * The routes an alert with these labels ends at, exactly as Alertmanager's dispatcher
   * (`dispatch.Route.Match`) finds them: depth-first; among children the first match wins and
   * stops the search unless it has `continue`; a matching node no child takes is itself the end.
   * @param inheritedReceiver the parent's receiver, for routes that do not set one.
   */
  public match(labels: Readonly<Record<string, string>>, inheritedReceiver?: string): RouteMatch[] {
    if (!this.matchers.every((m) => m.matches(labels))) return [];
    const receiver = this.receiver ?? inheritedReceiver ?? '';
    const all: RouteMatch[] = [];
    for (const child of this.children) {
      const found = child.match(labels, receiver);
      all.push(...found);
      if (found.length > 0 && !child.continue) break;
    }
    if (all.length === 0) all.push({ receiver, path: this.path, route: this });
    return all;
  }

  /** The `route:` object of the configuration. */
  public toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.receiver !== undefined) out.receiver = this.receiver;
    if (this.matchers.length > 0) out.matchers = this.matchers.map((m) => m.toString());
    if (this.groupBy !== undefined) out.group_by = [...this.groupBy];
    if (this.continue) out.continue = true;
    if (this.groupWait !== undefined) out.group_wait = this.groupWait.toPrometheus();
    if (this.groupInterval !== undefined) out.group_interval = this.groupInterval.toPrometheus();
    if (this.repeatInterval !== undefined) out.repeat_interval = this.repeatInterval.toPrometheus();
    if (this.muteTimeIntervals.length > 0) out.mute_time_intervals = [...this.muteTimeIntervals];
    if (this.activeTimeIntervals.length > 0) out.active_time_intervals = [...this.activeTimeIntervals];
    if (this.children.length > 0) out.routes = this.children.map((c) => c.toJSON());
    return out;
  }

  /** The routing tree as indented text lines, for review summaries. */
  public describe(indent = ''): string[] {
    const what = this.isRoot ? 'default' : this.matchers.length > 0 ? `{${this.matchers.map((m) => m.toString()).join(', ')}}` : '{} (matches all)';
    const extras = [
      this.receiver !== undefined ? `receiver: ${this.receiver}` : 'receiver: (inherited)',
      this.continue ? 'continue' : '',
      this.muteTimeIntervals.length > 0 ? `muted during: ${this.muteTimeIntervals.join(', ')}` : '',
      this.activeTimeIntervals.length > 0 ? `active during: ${this.activeTimeIntervals.join(', ')}` : '',
    ].filter((s) => s !== '');
    return [`${indent}${what}  ${extras.join('  ')}`, ...this.children.flatMap((c) => c.describe(`${indent}  `))];
  }
}

function checkGroupBy(groupBy: ReadonlyArray<string>, where: string): string[] {
  if (!Array.isArray(groupBy)) {
    throw new ValidationError(where, `${show(groupBy)} is not a list of label names; write e.g. ["alertname", "service"].`);
  }
  if (groupBy.includes('...') && groupBy.length > 1) {
    throw new ValidationError(where, `${show(groupBy)} mixes "..." (group by all labels) with label names; give either ["..."] alone or only label names.`);
  }
  const seen = new Set<string>();
  groupBy.forEach((name, i) => {
    if (name === '...') return;
    checkLabelName(name, `${where}[${i}]`);
    if (seen.has(name)) throw new ValidationError(`${where}[${i}]`, `label ${show(name)} is listed twice; list it once.`);
    seen.add(name);
  });
  return [...groupBy];
}

function positive(value: DurationLike | undefined, where: string): Duration | undefined {
  if (value === undefined) return undefined;
  const duration = toDuration(value, where);
  if (duration.isZero()) {
    throw new ValidationError(where, `${show(duration.toPrometheus())} is zero, which Alertmanager refuses; give a positive duration (e.g. "5m").`);
  }
  return duration;
}
