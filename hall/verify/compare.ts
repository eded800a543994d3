/**
 * `hall verify`: compares a counter's own database with the hall's copy of its chained streams
 * (cash ledger, audit log) row by row and names the first row that differs. A counter whose
 * rows were rewritten after they were sent — even with its chain recomputed so that the
 * counter's own `ledger verify` passes — differs from the copy the hall witnessed.
 *
 * The counter's rows are read as stored (`SELECT *`): the replication protocol sends exactly
 * those columns for the chained streams, so any column, added later or not, is compared.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../../base/node/chain';
import { BilingualError } from '../../base/contract/errors';
import { CHAINED_STREAMS, type ChainedStream } from '../../base/contract/replication';
import type { RowSource } from '../replication/ingest';
import type { Queryable } from '../storage/port';

/** The hall's copy of a counter's rows: read from the database, or from a running hall's admin API. */
export interface HallCopy {
  /** Which source the hall files this counter database's rows under, or null if it never enrolled. */
  sourceOf(counter: number, databaseId: string): Promise<number | null>;
  rows(from: RowSource, stream: ChainedStream): Promise<{ seq: number; hash: string; data: Record<string, unknown> }[]>;
  findings(from: RowSource): Promise<{ stream: string; seq: number; kind: string }[]>;
}

export function copyInDatabase(q: Queryable): HallCopy {
  return {
    sourceOf: async (counter, databaseId) =>
      (await q.query<{ source: number }>('SELECT source FROM counter_source WHERE counter = $1 AND database_id = $2', [counter, databaseId])).rows[0]?.source ?? null,
    rows: async ({ counter, source }, stream) =>
      (await q.query<{ seq: number; hash: string; data: Record<string, unknown> }>(
        'SELECT seq, hash, data FROM replica_row WHERE counter = $1 AND source = $2 AND stream = $3 ORDER BY seq', [counter, source, stream],
      )).rows,
    findings: async ({ counter, source }) =>
      (await q.query<{ stream: string; seq: number; kind: string }>(
        'SELECT stream, seq, kind FROM witness_finding WHERE counter = $1 AND source = $2 ORDER BY stream, seq, kind', [counter, source],
      )).rows,
  };
}

/** The counter's SQLite file in its data folder (electron/core/storage/db.ts, DB_FILE). */
export const COUNTER_DB_FILE = 'counterdesk.sqlite';
const TABLE: Record<ChainedStream, string> = { ledger: 'till_ledger', audit: 'audit_log' };

export type Difference =
  | { stream: ChainedStream; seq: number; kind: 'differs'; columns: string[]; counterHash: string; hallHash: string }
  | { stream: ChainedStream; seq: number; kind: 'missing_on_counter' };

export interface StreamComparison {
  stream: ChainedStream;
  onCounter: number;
  onHall: number;
  /** Rows the counter holds that the hall has not received yet (not a fault: not synced). */
  notYetSent: number;
  firstDifference: Difference | null;
}

export interface VerifyReport {
  counter: number;
  /** Which of the counter's databases (1 for its first PC) was compared. */
  source: number;
  ok: boolean;
  streams: StreamComparison[];
  /** What the hall's witness recorded as rows arrived (broken links, rewritten resends). */
  findings: { stream: string; seq: number; kind: string }[];
}

function openCounterDb(dir: string): Database.Database {
  const file = path.join(dir, COUNTER_DB_FILE);
  if (!fs.existsSync(file)) {
    throw new BilingualError('VERIFY_NO_COUNTER_DB', `找不到台席数据库：${file}`, `The counter's database was not found: ${file}`);
  }
  return new Database(file, { readonly: true, fileMustExist: true });
}

export async function verifyCounter(copy: HallCopy, counter: number, counterDataDir: string): Promise<VerifyReport> {
  const db = openCounterDb(counterDataDir);
  try {
    const databaseId = (db.prepare("SELECT value FROM meta WHERE key = 'sync.database_id'").get() as { value: string } | undefined)?.value ?? '';
    const source = await copy.sourceOf(counter, databaseId);
    if (source === null) {
      throw new BilingualError(
        'VERIFY_UNKNOWN_DATABASE',
        `这个台席数据库从未作为 ${counter} 号台席登记到本大厅服务器`,
        `This counter database never enrolled with this hall server as counter ${counter}`,
      );
    }
    const from = { counter, source };
    const streams: StreamComparison[] = [];
    for (const stream of CHAINED_STREAMS) {
      const hall = { rows: await copy.rows(from, stream) };
      const rows = db.prepare(`SELECT * FROM ${TABLE[stream]} ORDER BY seq`).all() as Record<string, unknown>[];
      const mine = new Map(rows.map((r) => [r.seq as number, r]));
      let first: Difference | null = null;
      for (const h of hall.rows) {
        const c = mine.get(h.seq);
        if (!c) {
          first = { stream, seq: h.seq, kind: 'missing_on_counter' };
          break;
        }
        if (canonicalJson(c) !== canonicalJson(h.data)) {
          const keys = new Set([...Object.keys(c), ...Object.keys(h.data)]);
          const columns = [...keys].filter((k) => canonicalJson(c[k] ?? null) !== canonicalJson(h.data[k] ?? null)).sort();
          first = { stream, seq: h.seq, kind: 'differs', columns, counterHash: String(c.hash), hallHash: h.hash };
          break;
        }
      }
      const hallMax = hall.rows.length ? hall.rows[hall.rows.length - 1]!.seq : 0;
      streams.push({ stream, onCounter: rows.length, onHall: hall.rows.length, notYetSent: rows.filter((r) => (r.seq as number) > hallMax).length, firstDifference: first });
    }
    const findings = await copy.findings(from);
    return { counter, source, ok: streams.every((s) => !s.firstDifference) && findings.length === 0, streams, findings };
  } finally {
    db.close();
  }
}

/** The report in both languages, one line per stream; the first difference named. */
export function describeReport(r: VerifyReport): string {
  const lines: string[] = [];
  for (const s of r.streams) {
    const name = s.stream === 'ledger' ? '现金账 / cash ledger' : '审计日志 / audit log';
    const d = s.firstDifference;
    if (!d) {
      lines.push(`✔ ${name}: 大厅 ${s.onHall} 行与台席一致 / ${s.onHall} rows on the hall match the counter${s.notYetSent ? `; 未同步 ${s.notYetSent} 行 / ${s.notYetSent} not yet sent` : ''}`);
    } else if (d.kind === 'missing_on_counter') {
      lines.push(`✘ ${name}: 第 ${d.seq} 行在台席上已不存在 / row ${d.seq} is missing on the counter`);
    } else {
      lines.push(`✘ ${name}: 第 ${d.seq} 行与大厅副本不同（${d.columns.join(', ')}）/ row ${d.seq} differs from the hall's copy (${d.columns.join(', ')})`);
    }
  }
  for (const f of r.findings) {
    lines.push(`✘ 见证记录 / witness: ${f.stream} 第 ${f.seq} 行 / row ${f.seq}: ${f.kind === 'rewritten' ? '重发时内容已改写 / resent rewritten' : '哈希链断开 / broken link'}`);
  }
  return lines.join('\n') + '\n';
}
