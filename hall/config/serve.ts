/**
 * GET /v1/config?since=… for an authenticated counter (base/contract/hallConfig.ts): the hall's
 * versions and, for each kind newer than the counter's, what changed. Read in one transaction
 * at one snapshot (REPEATABLE READ), so the versions and the documents agree even while an
 * administrator saves. What the counter asked for and was given is kept per counter for the
 * hall page (which counters have the newest configuration).
 */
import { CONFIG_PROTOCOL_VERSION, kindsToSend, type ConfigUpdate, type ConfigVersions } from '../../base/contract/hallConfig';
import { signal } from '../signals';
import type { HallStore } from '../storage/port';
import { hallNow } from '../time';
import { currentCalendar, currentCatalog, currentTill } from './documents';
import type { HallStaff } from './staff';
import { currentVersions } from './versions';

export async function configSince(store: HallStore, staff: HallStaff, counter: number, since: ConfigVersions): Promise<ConfigUpdate> {
  const update = await store.tx(async (q) => {
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const versions = await currentVersions(q);
    const send = new Set(kindsToSend(versions, since));
    const staffFull = since.staff === 0 || since.staff > versions.staff;
    const out: ConfigUpdate = {
      protocol: CONFIG_PROTOCOL_VERSION,
      hallTime: await hallNow(q),
      versions,
      staff: send.has('staff') ? { version: versions.staff, full: staffFull, accounts: await staff.changesSince(q, staffFull ? 0 : since.staff) } : null,
      catalog: send.has('catalog') ? await currentCatalog(q) : null,
      calendar: send.has('calendar') ? await currentCalendar(q) : null,
      till: send.has('till') ? await currentTill(q) : null,
    };
    return out;
  });
  await store.tx(async (q) => {
    await q.query(
      `INSERT INTO counter_config (counter, fetched_at, since, served) VALUES ($1, $2, $3::jsonb, $4::jsonb)
       ON CONFLICT (counter) DO UPDATE SET fetched_at = excluded.fetched_at, since = excluded.since, served = excluded.served`,
      [counter, update.hallTime, JSON.stringify(since), JSON.stringify(update.versions)],
    );
    await signal(q, { type: 'counter', counter });
  });
  return update;
}
