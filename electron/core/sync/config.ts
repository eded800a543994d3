/**
 * The counter's side of "configuration flows down" (base/contract/hallConfig.ts): fetch, over
 * the signed and pinned link, what the hall holds at another version than this counter —
 * staff accounts, the catalog, the calendar, the till settings — and check the whole answer's
 * shape before anything of it is used (applying it: ./hallConfig.ts).
 */
import { CONFIG_PATH, ConfigUpdateSchema, formatSince, type ConfigUpdate, type ConfigVersions } from '../../../base/contract/hallConfig';
import { BilingualError } from '../../../base/contract/errors';
import { describeIssues, describeIssuesZh } from '../../../base/contract/issues';

/** Anything that GETs a signed path from the hall (HallLink, or the sync loop's request with its clock handling). */
export interface ConfigSource {
  get(path: string): Promise<unknown>;
}

export async function fetchConfig(link: ConfigSource, since: ConfigVersions): Promise<ConfigUpdate> {
  // formatSince gives only [a-z0-9:,]: the query travels as signed, with nothing to re-encode.
  const parsed = ConfigUpdateSchema.safeParse(await link.get(`${CONFIG_PATH}?since=${formatSince(since)}`));
  if (!parsed.success) {
    throw new BilingualError(
      'SYNC_CONFIG_ANSWER',
      `营业厅服务器下发的配置格式不正确，未采用任何内容：${describeIssuesZh(parsed.error)} — 本台席继续使用上一份有效配置；请管理员检查营业厅服务器版本`,
      `The hall server sent configuration in a shape this counter does not accept; nothing of it was used: ${describeIssues(parsed.error)} — this counter keeps its last good configuration; ask the administrator to check the hall server's version`,
    );
  }
  return parsed.data;
}
