import { ValidationError, show } from '../core/validation-error';

/** The runbook base URL of the stack's packs when none is given (`<base>/<alert-name-in-kebab-case>`). */
export const DEFAULT_RUNBOOK_BASE_URL = 'https://runbooks.example.com/alerts';

/**
 * The runbook base and team of the pack a component's `selfMonitoringRules()` gives: those of the options
 * (SelfMonitoringOptions), else {@link DEFAULT_RUNBOOK_BASE_URL} and the pack's own default team.
 */
export function selfMonitoringPackProps(options: { readonly runbookBaseUrl?: string; readonly team?: string }): { readonly runbookBaseUrl: string; readonly team?: string } {
  return { runbookBaseUrl: options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL, team: options.team };
}

/**
 * An alert name in lowercase-kebab form, the way runbook pages are usually named:
 * `HighCPUUsage` → `high-cpu-usage`, `ServiceDown` → `service-down`.
 */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** `${base}/<alert-name-in-kebab-case>`, e.g. `https://runbooks.example.com/alerts/high-error-rate`. */
export function runbookUrlFor(runbookBaseUrl: string, alertName: string): string {
  return `${runbookBaseUrl.replace(/\/+$/, '')}/${kebabCase(alertName)}`;
}

/**
 * Refuses a link that is not an absolute http(s) URL (templates such as `{{ $labels.service }}`
 * inside it are fine), since a relative path in an alert is a dead link in every notification.
 */
export function validateUrl(url: unknown, where: string): string {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/.test(url)) {
    throw new ValidationError(
      where,
      `${show(url)} is not an absolute http(s) URL; write e.g. "https://runbooks.example.com/alerts/high-error-rate".`,
    );
  }
  return url;
}
