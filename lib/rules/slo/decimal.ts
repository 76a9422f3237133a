// Percentages as users write them (99.993, 33.3) turned into ratios without binary floating-point
// noise: (100 − 99.993) / 100 is 0.00007000000000005 in doubles, and would render as such in the rules.

/** The number of decimal places the number is written with (99.993 → 3, 75 → 0). */
function decimalPlaces(value: number): number {
  const text = String(value);
  const exponent = /e([+-]\d+)$/i.exec(text);
  const mantissa = exponent ? text.slice(0, exponent.index) : text;
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - (exponent ? Number(exponent[1]) : 0));
}

/** `percent / 100`, computed in decimal (33.3 → 0.333, not 0.33299999999999996). */
export function percentToRatio(percent: number): number {
  const places = Math.min(decimalPlaces(percent), 12);
  const scale = 10 ** places;
  return Math.round(percent * scale) / (100 * scale);
}

/** `(100 − percent) / 100`, computed in decimal (99.993 → 0.00007). */
export function complementRatio(percent: number): number {
  const places = Math.min(decimalPlaces(percent), 12);
  const scale = 10 ** places;
  return (100 * scale - Math.round(percent * scale)) / (100 * scale);
}
