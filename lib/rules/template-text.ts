import { ValidationError, show } from '../core/validation-error';

/**
 * Checks that Go-template actions (`{{ $labels.service }}`, `{{ $value | humanizePercentage }}`) in
 * label values and annotations are closed, so an unbalanced `{{` fails here rather than in
 * Prometheus's template expansion. The text itself is kept verbatim; `promtool check rules`
 * (run by the tests) parses the templates fully.
 */
export function validateTemplateText(text: string, where: string): string {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (pair === '{{') {
      if (depth > 0) break; // nested opening: report below as unbalanced
      depth++;
      i++;
    } else if (pair === '}}') {
      if (depth === 0) {
        throw new ValidationError(
          where,
          `${show(text)} closes a template with "}}" at offset ${i} that was never opened; write template actions as "{{ $labels.service }}".`,
        );
      }
      depth--;
      i++;
    }
  }
  if (depth !== 0 || /\{\{[^}]*\{\{/.test(text)) {
    throw new ValidationError(
      where,
      `${show(text)} opens a template with "{{" that is not closed by "}}"; write template actions as "{{ $labels.service }}".`,
    );
  }
  return text;
}
