/**
 * Orders strings by their UTF-16 code units, as `Array.prototype.sort` does without a comparator: the
 * same on every machine. `localeCompare` follows the machine's locale (LANG): under sv_SE "ä" sorts after
 * "z", so review artifacts sorted with it differed between a reviewer's machine and CI.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
