/**
 * Orders strings by their UTF-16 code units, as `Array.prototype.sort` does without a comparator: the
 * same on every machine. `localeCompare` follows the machine's locale (LANG): "aalborg" sorts first under
 * en_US and last under da_DK (aa is å), so review artifacts sorted with it differed between machines.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
