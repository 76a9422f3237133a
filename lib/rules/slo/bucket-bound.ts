import { ValidationError, show } from '../../core/validation-error';

/**
 * An RE2 pattern matching every way a histogram bucket's `le` label can spell the number:
 * `0.5`, `0.50`, `.5`, `5e-01` (Go's `%g` in some exporters), and for whole numbers `1` and `1.0`
 * (Prometheus 3 normalises classic-histogram `le` values to float text, so `le="1"` becomes `1.0`).
 * An exact-text matcher like `le="0.5"` silently matches nothing when an exporter writes `0.50`.
 */
export function bucketBoundPattern(threshold: number, where: string): string {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
    throw new ValidationError(
      where,
      `${show(threshold)} is not a usable latency threshold; give a positive number of seconds that is one of the histogram's bucket bounds, e.g. 0.5.`,
    );
  }
  return `${decimalPattern(threshold)}|${exponentPattern(threshold)}`;
}

function decimalPattern(value: number): string {
  const [intPart, fracPart = ''] = plainDecimal(value).split('.');
  const integer = intPart === '0' ? '0*' : `0*${intPart}`;
  const fraction = fracPart === '' ? '(\\.0*)?' : `\\.${fracPart}0*`;
  return `${integer}${fraction}`;
}

function exponentPattern(value: number): string {
  const [mantissa, exponentText] = value.toExponential().split('e');
  const [mantInt, mantFrac = ''] = mantissa.split('.');
  const exponent = Number(exponentText);
  const fraction = mantFrac === '' ? '(\\.0*)?' : `\\.${mantFrac}0*`;
  const sign = exponent < 0 ? '-' : '\\+?';
  return `${mantInt}${fraction}[eE]${sign}0*${Math.abs(exponent)}`;
}

/** The number as plain decimal text without exponent and without trailing zeros. */
function plainDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
