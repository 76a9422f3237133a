import { RuleGroupBase, RuleGroupBaseProps } from '../rules/rule-group';
import { LOGQL, LogAlertRule } from './log-alert-rule';
import { LogRecordingRule } from './log-recording-rule';

/** Properties of a {@link LogRuleGroup}. */
export type LogRuleGroupProps = RuleGroupBaseProps<LogAlertRule | LogRecordingRule>;

/**
 * A named group of LogQL rules evaluated together by Loki's ruler: the Prometheus rule group model
 * (refuses duplicate rules and rules of another language) without `limit`.
 */
export class LogRuleGroup extends RuleGroupBase<LogAlertRule, LogRecordingRule> {
  constructor(name: string, props: LogRuleGroupProps) {
    super(name, { interval: props?.interval, rules: props?.rules }, LOGQL);
  }
}
