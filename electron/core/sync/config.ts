/**
 * The counter's side of "configuration flows down" (base/contract/hallConfig.ts): fetch, over
 * the signed and pinned link, what the hall holds at another version than this counter —
 * staff accounts, the catalog, the calendar, the till settings. Applying it (and keeping the
 * last good copy) is the counter's domain; this only fetches and checks the answer's shape.
 */
import { CONFIG_PATH, ConfigUpdateSchema, formatSince, type ConfigUpdate, type ConfigVersions } from '../../../base/contract/hallConfig';
import type { HallLink } from './hallLink';

export async function fetchConfig(link: HallLink, since: ConfigVersions): Promise<ConfigUpdate> {
  // formatSince gives only [a-z0-9:,]: the query travels as signed, with nothing to re-encode.
  return ConfigUpdateSchema.parse(await link.get(`${CONFIG_PATH}?since=${formatSince(since)}`));
}
