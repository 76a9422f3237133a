import { RecordingRuleBase, RecordingRuleProps } from '../rules/recording-rule';
import { LOGQL } from './log-alert-rule';

/** Properties of a {@link LogRecordingRule}: those of every recording rule, with a LogQL metric query. */
export type LogRecordingRuleProps = RecordingRuleProps;

/**
 * A recording rule for Loki's ruler: the Prometheus recording rule model with a LogQL metric query
 * (e.g. `sum by (app) (rate({level="error"} [5m]))`). Loki keeps no series itself: the ruler
 * remote-writes the result to Prometheus, so a Loki with recording rules needs a remote-write target
 * (see `LokiProps`).
 */
export class LogRecordingRule extends RecordingRuleBase<'LogQL'> {
  constructor(props: LogRecordingRuleProps) {
    super(props, LOGQL);
  }
}
