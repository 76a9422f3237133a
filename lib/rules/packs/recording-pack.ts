import { toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { withinModelPath } from '../model-path';
import { RecordingRule } from '../recording-rule';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { DEFAULT_PACK_INTERVAL } from './pack-props';
import { RecordingPackProps } from './recording-pack-props';

/**
 * One recording rule of a pack, as data: the builders of its record name and expression from the
 * pack's terms; with {@link each}, one rule per item (e.g. per latency quantile).
 */
export interface RecordSpec<T, I = undefined> {
  /** The items to record one series each for, in order. @default one series, item undefined */
  each?(terms: T): ReadonlyArray<I>;
  /** The recorded series name, `level:metric:operations`. */
  record(terms: T, item: I): string;
  /** The PromQL expression. */
  expr(terms: T, item: I): string;
}

/** A recording pack as data: its name, the resolver of its terms, and its table of records. */
export interface RecordingPackDefinition<P extends RecordingPackProps, T> {
  /** The pack class, the first element of error paths, e.g. `ServiceRecordingRules`. */
  readonly kind: string;
  /** The pack name and its group name when `props.name` is not set, e.g. `service-metrics`. */
  readonly name: string;
  /**
   * Resolves and checks the props the records read (metric names, selectors, grouping, window).
   * @param at the error path of one of the pack's props.
   */
  terms(props: P, at: (prop: string) => string): T;
  /** The records, in evaluation order. */
  readonly records: ReadonlyArray<RecordSpec<T, unknown>>;
}

/** The one recording pack class: one group of the definition's records, at `interval` (default 30s). */
export class RecordingPack<P extends RecordingPackProps> implements IRulePack {
  /** The pack name, e.g. `service-metrics`; also its group name. */
  public readonly name: string;
  /** The pack's one group. */
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  constructor(definition: RecordingPackDefinition<P, unknown>, props: P) {
    this.name = props?.name ?? definition.name;
    const where = `${definition.kind} ${show(this.name)}`;
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw new ValidationError(where, `props ${show(props)} are not the pack's options; pass an object such as { selector: { namespace: "shop" } }, or nothing for the defaults.`);
    }
    this.ruleGroups = withinModelPath(where, () => {
      const at = (prop: string) => `${where} > ${prop}`;
      const terms = definition.terms(props, at);
      const rules = definition.records.flatMap((spec) =>
        (spec.each ? spec.each(terms) : [undefined]).map((item) => new RecordingRule({ record: spec.record(terms, item), expr: spec.expr(terms, item) })),
      );
      const interval = toDuration(props.interval ?? DEFAULT_PACK_INTERVAL, at('interval'));
      return [new RuleGroup(this.name, { interval, rules })];
    });
  }
}
