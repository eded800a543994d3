/**
 * Every place on this counter that can hold a customer's personal data, what it holds and how long
 * it lives — the one list. The retention purge (retention.ts) covers every place marked
 * `retention`: at start it refuses to run when one of them has no purger, and a purger may report
 * only places named here. A test (tests/unit/privacy/places.test.ts) checks the other way round:
 * every table of the real schema is either named here or in TABLES_WITHOUT_PERSONAL_DATA with the
 * reason, so a new table cannot hold personal data unnoticed.
 *
 * The full ID number, the name (beyond the farewell title), the address and the photo are never
 * written anywhere: the card is held in memory until the verify step takes it.
 */

/** How long a place keeps what it holds. */
export type Lifetime =
  /** Until the retention period (settings privacy.retentionDays) after the record's time. */
  | 'retention'
  /** In memory only, and only as long as `note` says. */
  | 'memory'
  /** On disk, but only until the next purge's checkpoint rewrites it (WAL, SHM). */
  | 'until-checkpoint'
  /** Nothing personal by rule (a schema or a guard keeps it out), said in `note`. */
  | 'none';

export interface PersonalPlace {
  /** `table.column` in the counter's database, a file pattern in the data folder, or a memory holder. */
  place: string;
  where: 'database' | 'file' | 'memory';
  holds: string;
  lives: Lifetime;
  note?: string;
}

export const PERSONAL_DATA: readonly PersonalPlace[] = [
  // The journey (electron/core/journey/store.ts): purged as one, by its opening time.
  { place: 'journeys.id_masked', where: 'database', holds: 'the masked ID number (last 4)', lives: 'retention' },
  { place: 'journeys.id_hash', where: 'database', holds: 'the keyed hash of the ID number (repeat-customer counts)', lives: 'retention' },
  { place: 'journeys.farewell_title', where: 'database', holds: 'the surname title (王女士)', lives: 'retention' },
  {
    place: 'journeys.state_json',
    where: 'database',
    holds: "the resumable state: masked ID, hash, title, the card's validity, each business's fields (masked mobile number, SIM serial); reasons only as free_text ids",
    lives: 'retention',
  },
  { place: 'journey_actions.payload', where: 'database', holds: "each action: the masked ID (verify), the business's fields (process); reasons only as free_text ids", lives: 'retention' },
  { place: 'journey_effects.payload', where: 'database', holds: "the receipt's data: masked ID, the business's fields (raw and labelled)", lives: 'retention' },
  // Typed text of every module (electron/core/privacy/freeTextStore.ts), by when it was typed.
  { place: 'free_text.text', where: 'database', holds: 'reasons and notes people typed (a name may be in one; personal numbers are refused)', lives: 'retention' },
  // The print queue (electron/core/printing/job-store.ts): the blocks a template marks personal.
  { place: 'print_jobs.doc_json', where: 'database', holds: "a receipt's personal lines: the masked ID, the business's field notes (masked mobile, SIM serial)", lives: 'retention' },
  // The hall link's outbox (electron/core/sync/outbox.ts): journey records waiting for or sent to the hall.
  { place: 'sync_outbox.data', where: 'database', holds: "a journey record's masked ID, as sent to the hall", lives: 'retention' },
  // The app log (electron/core/log.ts): scrubbed, one file per day.
  { place: 'logs/counterdesk*.log', where: 'file', holds: 'staff numbers, journey references, times; an ID number only masked (the scrubber)', lives: 'retention' },
  {
    place: 'counterdesk.sqlite-wal, counterdesk.sqlite-shm',
    where: 'file',
    holds: 'copies of database pages written since the last checkpoint',
    lives: 'until-checkpoint',
    note: 'each purge checkpoints and truncates the WAL; secure_delete zeroes the space purged rows leave in the database file',
  },
  { place: 'settings.json', where: 'file', holds: 'nothing personal', lives: 'none', note: 'the settings schema has no personal field (base/contract/settings.ts)' },
  { place: 'installation-id', where: 'file', holds: 'nothing personal', lives: 'none', note: "a random id finding this folder's keys in the keystore" },
  {
    place: 'pii-hmac.key',
    where: 'file',
    holds: "an earlier version's key of the ID hashes",
    lives: 'none',
    note: 'moved into the keystore and removed at start (privacy/idHash.ts)',
  },
  // Memory only.
  {
    place: 'pending card',
    where: 'memory',
    holds: 'the whole card as read: number, name, address, photo',
    lives: 'memory',
    note: 'until the verify step takes it, ten minutes at most (wiring/pendingCard.ts); each purge drops a stale one',
  },
  { place: 'print queue rendered bytes', where: 'memory', holds: "a receipt's printer bytes", lives: 'memory', note: 'until the job is printed (printing/queue.ts)' },
  // Typed text that still sits in chained rows: issue 12 moves it to free_text.
  { place: 'till_ledger.reason, till_ledger.ref', where: 'database', holds: 'nothing typed since migration 052: reasons and bag numbers are free_text ids (note_id); ref is a journey id or a payment reference', lives: 'none', note: 'hash-chained; personal numbers are refused by the contract; rows written before 052 keep the reason they were typed with' },
  { place: 'till_early_event.reason_text', where: 'database', holds: 'nothing typed since migration 052: the note is a free_text id (note_id)', lives: 'none' },
  { place: 'audit_log.detail', where: 'database', holds: 'staff numbers, codes and record references; a typed reason only as a free_text id', lives: 'none', note: 'hash-chained; ID numbers refused (audit/piiGuard.ts)' },
];

/** The database places the purge must cover, by table. */
export function purgeableTables(): Set<string> {
  return new Set(PERSONAL_DATA.filter((p) => p.where === 'database' && p.lives === 'retention').map((p) => p.place.split('.')[0]!));
}

/**
 * Every other table of the counter's database, with why it holds no customer personal data. A
 * table in neither list fails tests/unit/privacy/places.test.ts.
 */
export const TABLES_WITHOUT_PERSONAL_DATA: Readonly<Record<string, string>> = {
  meta: 'schema facts and marks (the purge marks among them)',
  staff: "employees' names and credentials: staff data, kept while the account exists (staff module)",
  signin_failure: 'staff numbers and times of failed sign-ins',
  audit_log: 'who did what, by staff number and record reference; ID numbers refused by audit/piiGuard.ts; typed reasons only as free_text ids',
  till_session: 'the clerk, the float, counts by denomination',
  till_ledger: 'amounts, tenders, item counts; typed reasons and bag numbers only as free_text ids (note_id); rows written before migration 052 may still hold a reason, chained and so not purgeable',
  till_ledger_head: 'the chain head',
  till_count: 'counted cash by denomination',
  till_z_report: 'totals of a day',
  till_settlement: 'expected and counted totals, variance',
  till_early_event: 'early-close evidence: times, staff numbers, reason codes; the typed note only as a free_text id',
  till_clock_watch: 'clock observations',
  till_handover: 'amounts, bag and seal numbers (personal numbers refused by the contract)',
  till_report_print: 'copies of a Z report printed',
  journey_businesses: 'business codes, fees, times',
  journey_steps: 'steps and their times',
  journey_consents: 'consent answers and times',
  journey_recommendations: 'product codes, outcomes, times; the reason only as a free_text id',
  shift_checks: "the shift-start check's items (devices and counter items)",
  sqlite_sequence: "SQLite's AUTOINCREMENT counters",
  sync_hall: "the hall's address, certificate and this counter's key pair",
  queue_ticket: "the hall's queue tickets called here: number, group, business, times, journey id — nothing about the person",
  sync_cursor: "the hall's acknowledgements",
  sync_pending: 'ids of records that became final',
  audit_head: "the audit chain's head and its MAC",
  till_takeover: 'who took over whose till, when; the reason only as a free_text id',
  till_recount_approval: 'who allowed a recount, when; the reason only as a free_text id',
  till_reopen: 'who reopened a settled day, when; the reason only as a free_text id',
  till_clock_event: 'clock observations and changes (boot id, uptime, offsets)',
  till_offline_approval: 'who allowed settling while the hall server was unreachable, when, both clocks; the note only as a free_text id',
  approval_failure: 'staff numbers and times of failed approvals, per counter',
  hall_config: "the hall's catalog, calendar and till settings as last applied, with the hall staff number who saved each",
};
