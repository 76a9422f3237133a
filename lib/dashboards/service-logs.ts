import { DashboardBuilder, TextBoxVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { ValidationError, show } from '../core/validation-error';
import { validateLabelMap } from '../rules/label-names';
import { Dashboard } from './dashboard';
import { datasourceVariable, logsPanel, lokiTimeseriesPanel, matchers } from './panels';

/** Props of {@link serviceLogsDashboard}. */
export interface ServiceLogsProps {
  /** Service name. */
  readonly service: string;
  /**
   * Loki stream selector of the service's logs; a value starting with `~` is a regex.
   * @default { service_name: <service> } (the label Loki 3 derives from Kubernetes and OTel metadata)
   */
  readonly streamSelector?: Record<string, string>;
  /** Dashboard uid. @default 'logs-<service>' */
  readonly uid?: string;
}

/** A service's logs in Loki: volume by level, error lines, and the log lines with a free-text filter. */
export function serviceLogsDashboard(props: ServiceLogsProps): Dashboard {
  const where = `serviceLogsDashboard ${show(props.service)}`;
  if (typeof props.service !== 'string' || props.service.trim() === '') throw new ValidationError(where, `service ${show(props.service)} is empty; name the service.`);
  const selector = validateLabelMap(props.streamSelector ?? { service_name: props.service }, `${where} streamSelector`);
  if (Object.keys(selector).length === 0) throw new ValidationError(where, 'streamSelector is empty; Loki needs at least one label matcher (e.g. { namespace: "shop", app: "api" }).');
  const stream = matchers(selector);
  const builder = new DashboardBuilder(`Logs / ${props.service}`)
    .uid(props.uid ?? `logs-${props.service}`)
    .tags(['logs', props.service])
    .description(`Logs of ${props.service} from Loki; trace ids link to Jaeger.`)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .withVariable(datasourceVariable('loki'))
    .withVariable(new TextBoxVariableBuilder('search').label('Search').defaultValue(''))
    .withPanel(lokiTimeseriesPanel({ title: 'Log volume by level', description: 'Log lines per interval by detected level; a jump in error lines is usually the first sign of trouble.', unit: 'short', targets: [{ expr: `sum by (detected_level) (count_over_time(${stream} [$__auto]))`, legend: '{{detected_level}}' }] }))
    .withPanel(lokiTimeseriesPanel({ title: 'Error lines', description: 'Lines that mention an error or a panic.', unit: 'short', targets: [{ expr: `sum(count_over_time(${stream} |~ "(?i)(error|panic|fatal)" [$__auto]))`, legend: 'errors' }] }))
    .withPanel(logsPanel({ title: 'Log lines', description: 'The log lines, filtered by the Search box (regex, case-insensitive).', expr: `${stream} |~ "(?i)$search"` }));
  return Dashboard.fromBuilder(builder);
}
