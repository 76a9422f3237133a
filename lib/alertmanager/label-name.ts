import { ValidationError, show } from '../core/validation-error';

/** Prometheus's (and Alertmanager's) label name rule. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Refuses anything that is not a label name Alertmanager accepts. */
export function checkLabelName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !LABEL_NAME.test(name)) {
    throw new ValidationError(
      where,
      `${show(name)} is not a valid label name; use letters, digits and underscores, not starting with a digit (e.g. "team", "service").`,
    );
  }
  return name;
}
