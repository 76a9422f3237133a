import { renderRuleFile } from '../../lib/rules/rule-file';
import { ServiceLevelObjective, ServiceLevelObjectiveProps, Sli } from '../../lib/rules/slo';
import { PromtoolCase, promtoolTestSloCases } from './promtool-harness';

/** The labels every rule of {@link apiSlo} carries. */
export const API_SLO_ID = { sloth_id: 'api-availability', sloth_service: 'api', sloth_slo: 'availability' };
/** A selector of {@link apiSlo}'s series. */
export const API_SLO_SELECTOR = '{sloth_id="api-availability"}';

/** The availability SLO of a service `api` (99.9 % of requests without a 5xx) the promtool tests drive. */
export function apiSlo(extra: Partial<ServiceLevelObjectiveProps> = {}): ServiceLevelObjective {
  return new ServiceLevelObjective({
    service: 'api',
    name: 'availability',
    objectivePercent: 99.9,
    sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { status_code: /5../ } }),
    ...extra,
  });
}

/** Runs promtool's rule unit tests on the SLO's rule group and expects them to pass (failing, promtool's own explanation shows). */
export function runSloPromtool(slo: ServiceLevelObjective, cases: PromtoolCase[], evaluationInterval?: string): void {
  const result = promtoolTestSloCases(renderRuleFile([slo.ruleGroup()]), cases, { evaluationInterval });
  expect(result.output).toContain('SUCCESS');
  expect(result.status).toBe(0);
}
