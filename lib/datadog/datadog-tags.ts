import { ValidationError, show } from '../core/validation-error';

// Datadog tag rules (https://docs.datadoghq.com/getting_started/tagging/#define-tags): a tag starts
// with a letter, holds letters, digits, '_', '-', ':', '.', '/', is at most 200 characters, and is
// lowercased by Datadog. We refuse uppercase instead of letting Datadog change it behind our back.
const TAG_KEY = /^[a-z][a-z0-9_.\/-]*$/;
const TAG_VALUE = /^[a-z0-9_.:\/-]+$/;
const MAX_TAG_LENGTH = 200;

/**
 * Renders a tag map as Datadog `key:value` tags, sorted by key (deterministic output). Every key
 * and value is checked against Datadog's tag rules.
 */
export function renderDatadogTags(tags: Readonly<Record<string, string>>, where: string): string[] {
  return Object.keys(tags)
    .sort()
    .map((key) => datadogTag(key, tags[key], where));
}

/** One `key:value` tag, checked. */
export function datadogTag(key: string, value: string, where: string): string {
  if (!TAG_KEY.test(key)) {
    throw new ValidationError(where, `tag key ${show(key)} is not a Datadog tag key; start with a lowercase letter and use lowercase letters, digits, '_', '-', '.', '/' (e.g. "team").`);
  }
  if (typeof value !== 'string' || !TAG_VALUE.test(value)) {
    throw new ValidationError(where, `tag ${key} has value ${show(value)}, which Datadog would change or refuse; use lowercase letters, digits, '_', '-', ':', '.', '/' (e.g. "platform").`);
  }
  const tag = `${key}:${value}`;
  if (tag.length > MAX_TAG_LENGTH) {
    throw new ValidationError(where, `tag ${show(tag)} is longer than Datadog's ${MAX_TAG_LENGTH} characters; shorten the value.`);
  }
  return tag;
}
