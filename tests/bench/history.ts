/**
 * Five years of a busy counter, for the start-up bench: 150 customers a day, 300 business days a
 * year (defaults). Built from one real day, not from invented rows: a business day is played
 * through the real app (tests/day, the same as `npm run -s day`), then its rows — journeys and
 * their actions, steps, consents and effects, receipts and Z reports in the print queue, the cash
 * ledger, the audit log, till sessions, counts, settlements — are copied once per business day,
 * oldest first, moved to that day's date and given fresh ids. The cash ledger and the audit log
 * are written through the app's own append functions, so both hash chains verify.
 * Finally the real core starts once on it, so the retention purge a counter runs every day has
 * already run (a counter that has been in use for five years is in that state).
 *
 * The result is cached by its sizes, this generator's version and the schema (the migrations'
 * text): `COUNTERDESK_BENCH_CACHE` (default <tmp>/counterdesk-bench).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../base/clock';
import { startCore } from '../../electron/core/app';
import { AuditLog } from '../../electron/core/audit/auditLog';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import { SettingsService } from '../../electron/core/settings/service';
import { DB_FILE, defaultMigrationsDir, loadMigrations, openDatabase, type Db } from '../../electron/core/storage/db';
import { appendInTx, type NewLedgerRow } from '../../electron/core/till/ledger';
import { fileKeyStore } from '../../electron/core/secrets/keyStore';
import { runDay } from '../day/day';

const GENERATOR_VERSION = 2;
const DAY_MS = 86_400_000;
/** 09:00 in Asia/Shanghai is 01:00 UTC; a day's rows are spread over the opening hours. */
const OPEN_UTC_MS = 1 * 3_600_000;
const OPEN_SPAN_MS = 8.5 * 3_600_000;

export interface HistoryOptions {
  years: number;
  daysPerYear: number;
  customersPerDay: number;
  log: (line: string) => void;
}

export interface History {
  dataDir: string;
  businessDays: number;
  bytes: number;
  rows: Record<string, number>;
  /** Null when it came from the cache. */
  generatedMs: number | null;
  firstStartMs: number | null;
}

/** Integer id families: a primary key and every column that refers to it move together. */
type Family = 'session' | 'ledger' | 'count' | 'z' | 'early' | 'reportPrint' | 'audit' | 'printJob' | 'shiftCheck' | 'freeText' | 'takeover' | 'recount' | 'clockEvent';

interface TableSpec {
  /** Integer columns holding ids of a family (primary or foreign keys). */
  ids?: Record<string, Family>;
  /** TEXT columns holding an integer id as text. */
  textIds?: Record<string, Family>;
  /** Epoch-ms columns. */
  times?: string[];
  /** YYYY-MM-DD columns (the business day). */
  days?: string[];
  /** Text columns that are unique across the table: a per-day suffix keeps them so. */
  unique?: string[];
  /** Hash-chained: written through the app's append function, not copied. */
  chain?: 'ledger' | 'audit';
}

/** Every table that grows with the counter's days. Others (staff, meta, …) are copied once. */
const TABLES: Record<string, TableSpec> = {
  // First: the other tables cite typed text by its id.
  free_text: { ids: { id: 'freeText' }, times: ['at'] },
  till_session: { ids: { id: 'session' }, times: ['opened_at', 'settled_at'], days: ['business_day'] },
  till_ledger: { chain: 'ledger', ids: { seq: 'ledger', session_id: 'session', corrects_seq: 'ledger', note_id: 'freeText' }, times: ['at'] },
  till_count: { ids: { id: 'count', session_id: 'session', head_seq: 'ledger' }, times: ['counted_at'] },
  till_z_report: { ids: { z_no: 'z', session_id: 'session' }, times: ['created_at'] },
  till_early_event: { ids: { id: 'early', session_id: 'session', note_id: 'freeText' }, times: ['at', 'allowed_at'] },
  till_settlement: {
    ids: { session_id: 'session', count_id: 'count', z_no: 'z', early_approval_id: 'early', head_seq: 'ledger' },
    times: ['settled_at'],
    unique: ['idempotency_key'],
  },
  till_handover: { ids: { session_id: 'session' }, times: ['at'] },
  till_takeover: { ids: { id: 'takeover', session_id: 'session', note_id: 'freeText' }, times: ['at'] },
  till_recount_approval: { ids: { id: 'recount', session_id: 'session', note_id: 'freeText' }, times: ['at'] },
  till_reopen: { ids: { session_id: 'session', note_id: 'freeText' }, times: ['at'] },
  till_clock_event: { ids: { id: 'clockEvent' }, times: ['at'] },
  till_report_print: { ids: { id: 'reportPrint', z_no: 'z' }, times: ['printed_at'] },
  audit_log: { chain: 'audit', ids: { seq: 'audit' }, times: ['at'] },
  print_jobs: { ids: { id: 'printJob', reprint_of: 'printJob' }, times: ['created_at', 'updated_at', 'printed_at'] },
  shift_checks: { ids: { check_id: 'shiftCheck' }, times: ['at'] },
  journeys: { ids: { manual_reason_id: 'freeText', cancel_reason_id: 'freeText' }, textIds: { receipt_job_id: 'printJob' }, times: ['opened_at', 'closed_at', 'paid_at', 'updated_at'] },
  journey_businesses: { times: ['processed_at'] },
  journey_actions: { times: ['at'] },
  journey_steps: { times: ['entered_at'] },
  journey_consents: { times: ['at'] },
  journey_recommendations: { ids: { reason_id: 'freeText' }, times: ['at'] },
  journey_effects: { times: ['created_at', 'done_at'] },
};

/** Copied once from the template day (who works here, the last good catalog). */
const ONCE = new Set(['meta', 'staff']);
/** State of "now", rebuilt by the app or by the chain writers: neither copied nor replicated. */
const DERIVED = new Set([
  'till_ledger_head', 'audit_head', 'till_clock_watch', 'signin_failure', 'approval_failure', 'sqlite_sequence',
  // The hall link's state: the outbox and pending rows are written by triggers as the rows above go in.
  'sync_hall', 'sync_outbox', 'sync_cursor', 'sync_pending',
]);

/** UUIDs (journey ids) and staff session tokens get the day's number in their first 8 characters. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function cacheRoot(): string {
  return process.env.COUNTERDESK_BENCH_CACHE ?? path.join(os.tmpdir(), 'counterdesk-bench');
}

function schemaHash(): string {
  const h = createHash('sha256');
  for (const m of loadMigrations(defaultMigrationsDir())) h.update(m.name).update(m.sql);
  return h.digest('hex').slice(0, 10);
}

/**
 * The business days, oldest first, ending yesterday: `daysPerYear` of every year's 313 days that
 * are not Sundays, spread evenly (the rest are holidays).
 */
export function businessDays(count: number, daysPerYear: number, today = Date.now()): number[] {
  const share = Math.min(1, daysPerYear / 313);
  const out: number[] = [];
  let d = Math.floor(today / DAY_MS) * DAY_MS - DAY_MS;
  let working = 0;
  while (out.length < count) {
    if (new Date(d).getUTCDay() !== 0) {
      working++;
      if (Math.floor(working * share) !== Math.floor((working - 1) * share)) out.push(d);
    }
    d -= DAY_MS;
  }
  return out.reverse();
}

export async function ensureHistory(o: HistoryOptions): Promise<History> {
  const days = o.years * o.daysPerYear;
  const key = `history-${o.years}y${o.daysPerYear}d${o.customersPerDay}c-v${GENERATOR_VERSION}-${schemaHash()}`;
  const dir = path.join(cacheRoot(), key);
  const readyFile = path.join(dir, 'ready.json');
  if (fs.existsSync(readyFile)) {
    const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as Omit<History, 'generatedMs' | 'firstStartMs'>;
    return { ...ready, generatedMs: null, firstStartMs: null };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const template = await templateDay(o);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const t0 = performance.now();
  o.log(`history: replicating the template day over ${days.toLocaleString('en')} business days (${o.years} years)…`);
  const rows = replicate(template, dataDir, businessDays(days, o.daysPerYear), o.log);
  const generatedMs = performance.now() - t0;

  // The counter's settings: its hall and counter, devices left to training mode.
  new SettingsService(confSettingsPort(dataDir)).update({ hall: { hallName: '人民路营业厅', counterId: '03' } });
  // One start of the real core: the retention purge of everything older than the retention period.
  const t1 = performance.now();
  const core = await startCore({ dataDir, settingsPort: confSettingsPort(dataDir), version: 'bench', transport: 'http' });
  if (core.storageError) throw new Error(`history: the app cannot open the generated data: ${core.storageError.message_en}`);
  await core.close();
  const firstStartMs = performance.now() - t1;
  const bytes = fs.statSync(path.join(dataDir, DB_FILE)).size;
  const ready = { dataDir, businessDays: days, bytes, rows };
  fs.writeFileSync(readyFile, JSON.stringify(ready, null, 2));
  return { ...ready, generatedMs, firstStartMs };
}

/** One real business day through the app (cached): the rows every history day is made from. */
async function templateDay(o: HistoryOptions): Promise<string> {
  const dir = path.join(cacheRoot(), `template-${o.customersPerDay}c-v${GENERATOR_VERSION}-${schemaHash()}`);
  const file = path.join(dir, 'data', DB_FILE);
  if (fs.existsSync(path.join(dir, 'ready'))) return file;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  o.log(`history: playing one business day of ${o.customersPerDay} customers through the app (tests/day, seed 42)…`);
  const day = await runDay({ customers: o.customersPerDay, seed: 42, faults: false, leadSeconds: 20, dataDir: path.join(dir, 'data') });
  if (!day.ok) throw new Error(`history: the template day had violations:\n${day.violations.join('\n')}`);
  fs.writeFileSync(path.join(dir, 'ready'), '');
  return file;
}

function replicate(templateFile: string, dataDir: string, dayStarts: number[], log: (l: string) => void): Record<string, number> {
  const tmpl = openReadOnly(templateFile);
  const { db } = openDatabase({ dataDir });
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  const tables = (tmpl.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
  for (const t of tables) {
    if (!(t in TABLES) && !ONCE.has(t) && !DERIVED.has(t)) log(`history: table ${t} is not replicated (tests/bench/history.ts does not know it yet)`);
  }

  // The template's rows, in id order, and its time span.
  const data = new Map<string, Record<string, unknown>[]>();
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const t of Object.keys(TABLES)) {
    if (!tables.includes(t)) continue;
    const rows = tmpl.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[];
    data.set(t, rows);
    for (const r of rows) {
      for (const c of TABLES[t]!.times ?? []) {
        const v = r[c];
        if (typeof v !== 'number') continue;
        t0 = Math.min(t0, v);
        t1 = Math.max(t1, v);
      }
    }
  }
  const maxId: Record<Family, number> = { session: 0, ledger: 0, count: 0, z: 0, early: 0, reportPrint: 0, audit: 0, printJob: 0, shiftCheck: 0, freeText: 0, takeover: 0, recount: 0, clockEvent: 0 };
  for (const [t, spec] of Object.entries(TABLES)) {
    for (const [col, fam] of Object.entries(spec.ids ?? {})) for (const r of data.get(t) ?? []) if (typeof r[col] === 'number') maxId[fam] = Math.max(maxId[fam], r[col]);
  }

  for (const t of ONCE) {
    if (!tables.includes(t)) continue;
    const rows = tmpl.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    for (const r of rows) insertRow(db, t, r, 'OR REPLACE');
  }

  // The chains are sealed with this data folder's keys, as the app would seal them.
  const keys = fileKeyStore(dataDir);
  const ledgerKey = keys.key('ledger-chain');
  const clock = new ManualClock(0);
  const audit = new AuditLog(db, clock, keys.key('audit-chain'));
  const stretch = OPEN_SPAN_MS / Math.max(1, t1 - t0);
  const t = performance.now();
  const batch = 25;
  for (let from = 0; from < dayStarts.length; from += batch) {
    db.transaction(() => {
      for (let k = from; k < Math.min(dayStarts.length, from + batch); k++) {
        const day = dayStarts[k]!;
        const dayText = new Date(day).toISOString().slice(0, 10);
        const prefix = (k + 1).toString(16).padStart(8, '0');
        const time = (v: unknown) => (typeof v === 'number' ? Math.round(day + OPEN_UTC_MS + (v - t0) * stretch) : v);
        const text = (v: unknown) => (typeof v === 'string' ? v.replace(UUID, (u) => prefix + u.slice(8)) : v);
        for (const [table, spec] of Object.entries(TABLES)) {
          for (const src of data.get(table) ?? []) {
            const r: Record<string, unknown> = {};
            for (const [c, v] of Object.entries(src)) r[c] = text(v);
            for (const c of spec.times ?? []) r[c] = time(src[c]);
            for (const c of spec.days ?? []) r[c] = dayText;
            for (const [c, fam] of Object.entries(spec.ids ?? {})) if (typeof src[c] === 'number') r[c] = (src[c] as number) + k * maxId[fam];
            for (const [c, fam] of Object.entries(spec.textIds ?? {})) if (typeof src[c] === 'string' && /^\d+$/.test(src[c])) r[c] = String(Number(src[c]) + k * maxId[fam]);
            for (const c of spec.unique ?? []) if (typeof r[c] === 'string') r[c] = `${r[c]}~h${k}`;
            // Staff session tokens (journeys, shift checks) are per day too.
            if (typeof r.session_id === 'string') r.session_id = prefix + r.session_id.slice(8);
            if (spec.chain === 'ledger') {
              const { seq, prev_hash: _p, hash: _h, ...row } = r;
              const written = appendInTx(db, ledgerKey, row as unknown as NewLedgerRow);
              if (written.seq !== seq) throw new Error(`history: ledger seq ${written.seq}, expected ${String(seq)} (template seqs must run 1..n)`);
            } else if (spec.chain === 'audit') {
              clock.set(r.at as number);
              const e = audit.append({ kind: r.kind as string, actor: r.actor as string | null, counterId: r.counter_id as string | null, detail: JSON.parse(r.detail as string) as Record<string, unknown> });
              if (e.seq !== r.seq) throw new Error(`history: audit seq ${e.seq}, expected ${String(r.seq)}`);
            } else insertRow(db, table, r);
          }
        }
      }
    })();
    const done = Math.min(dayStarts.length, from + batch);
    if (done % 250 === 0 || done === dayStarts.length) log(`history: ${done}/${dayStarts.length} days (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
  // The clock guard's last observation: the end of the history, so "now" is later.
  db.prepare('INSERT OR REPLACE INTO till_clock_watch (counter_id, last_seen_ms, suspect_at, jump_ms) VALUES (?, ?, NULL, NULL)').run('03', dayStarts.at(-1)! + DAY_MS - 1);
  const rows: Record<string, number> = {};
  for (const table of Object.keys(TABLES)) if (tables.includes(table)) rows[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  tmpl.close();
  return rows;
}

const inserts = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();

function insertRow(db: Db, table: string, row: Record<string, unknown>, verb = ''): void {
  const cols = Object.keys(row);
  const key = `${verb}|${table}|${cols.join(',')}`;
  let cache = inserts.get(db);
  if (!cache) inserts.set(db, (cache = new Map()));
  let stmt = cache.get(key);
  if (!stmt) {
    stmt = db.prepare(`INSERT ${verb} INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    cache.set(key, stmt);
  }
  stmt.run(row);
}

function openReadOnly(file: string): Db {
  // The template's own folder stays untouched: a read-only connection.
  return new Database(file, { readonly: true, fileMustExist: true });
}
