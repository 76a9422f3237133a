import { parse } from 'yaml';
import { toYaml } from '../../lib/core/yaml';

/** What a webhook's `url_file` is replaced with for amtool 0.25: an address that can never resolve. */
export const AMTOOL_025_URL = 'http://url-file.invalid/';

/**
 * An Alertmanager configuration as Debian's amtool 0.25 can read it: each webhook's `url_file` (Alertmanager
 * >= 0.27; the chart deploys 0.34) becomes a `url`. Nothing else changes, so routes, inhibitions, templates
 * and every other receiver are still checked by amtool; the `url_file` field itself is held to the 0.34
 * configuration reference by test/alertmanager/receivers-0.34.test.ts. Returns the text and how many fields
 * it replaced (so a test can say it replaced exactly what it expected).
 */
export function forAmtool025(configYaml: string): { readonly text: string; readonly replaced: number } {
  const config = parse(configYaml) as { receivers?: Array<Record<string, unknown>> };
  let replaced = 0;
  for (const receiver of config.receivers ?? []) {
    for (const hook of (receiver.webhook_configs ?? []) as Array<Record<string, unknown>>) {
      if (hook.url_file !== undefined) {
        delete hook.url_file;
        hook.url = AMTOOL_025_URL;
        replaced += 1;
      }
    }
  }
  return { text: toYaml(config), replaced };
}
