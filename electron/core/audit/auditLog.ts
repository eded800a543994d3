/**
 * The audit log: append-only (SQLite triggers refuse UPDATE and DELETE) and a sealed chain
 * (../storage/sealedChain.ts): each entry's hash is keyed with the audit key from the keystore,
 * and a head with its own seal is written with every entry, so an edited, removed, reordered or
 * recomputed entry, a cut tail and a wiped log are found by `verify()` and by
 * `npm run audit -- verify [--anchor seq:hex]`. Details are checked for personal data before
 * anything is written; typed text never goes in (it is a free_text note cited by id).
 */
import { BilingualError } from '../../../base/contract/errors';
import type { Clock } from '../../../base/clock';
import { canonicalJson, chainHash, GENESIS } from '../../../base/node/chain';
import type { Db } from '../storage/db';
import { sealChain, verifySealedChain, writeHead, type ChainAnchor, type ChainProblem, type ChainSpec, type ChainVerification } from '../storage/sealedChain';
import { KIND_PATTERN, MAX_KIND_LENGTH } from './kinds';
import { assertNoPii, MAX_DETAIL_CHARS } from './piiGuard';

export type AuditDetail = Record<string, unknown>;

export interface AuditInput {
  kind: string;
  /** Staff number of whoever did it; null for the system or an unproven sign-in attempt. */
  actor: string | null;
  counterId?: string | null;
  detail?: AuditDetail;
}

export interface AuditEntry {
  seq: number;
  /** UTC epoch ms. */
  at: number;
  actor: string | null;
  kind: string;
  counterId: string | null;
  detail: AuditDetail;
  hash: string;
}

export interface AuditQuery {
  /** "signin" matches signin.ok and signin.fail; "till." only till entries. */
  kindPrefix?: string;
  actor?: string;
  counterId?: string;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Paging: entries older than this seq (pass the previous page's nextBeforeSeq). */
  beforeSeq?: number;
  /** 1..500, default 50. */
  limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Pass as beforeSeq for the next (older) page; null when there is none. */
  nextBeforeSeq: number | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** What is wrong (the first bad entry's seq, when it is one entry). */
  problem: ChainProblem | null;
  /** Whether contents were checked with the key (false: links, head position and anchors only). */
  keyed: boolean;
  last: ChainVerification['last'];
}

interface Row {
  seq: number;
  at: number;
  actor: string | null;
  kind: string;
  counter_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** Exactly the columns the hash covers; detail as its stored text so verification never re-parses. */
function payload(r: Omit<Row, 'prev_hash' | 'hash'>): Record<string, unknown> {
  return { seq: r.seq, at: r.at, actor: r.actor, kind: r.kind, counterId: r.counter_id, detail: r.detail };
}

/** The audit log as a sealed chain. */
export const AUDIT_CHAIN: ChainSpec<Row> = { name: 'audit', table: 'audit_log', headTable: 'audit_head', noun: { zh: '审计记录', en: 'Audit entry' }, payload };

export class AuditLog {
  private readonly insert;
  private readonly last;
  private readonly listeners = new Set<(e: AuditEntry) => void>();

  /**
   * `key`: the audit chain's key (`keys.key('audit-chain')`). Null only to verify where the key
   * is not at hand (a verifier of a database sealed by another program's keystore): then nothing
   * can be appended.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly key: Buffer | null,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, kind, counter_id, detail, prev_hash, hash)
       VALUES (@seq, @at, @actor, @kind, @counter_id, @detail, @prev_hash, @hash)`,
    );
    this.last = db.prepare('SELECT seq, at, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    if (key && !db.readonly) sealChain(db, AUDIT_CHAIN, key, clock.now());
  }

  /** The last entry's seq and hash (printed on the Z report, checked with `audit verify --anchor`). */
  head(): { seq: number; hash: string } | null {
    const r = this.last.get() as { seq: number; hash: string } | undefined;
    return r ? { seq: r.seq, hash: r.hash } : null;
  }

  append(input: AuditInput): AuditEntry {
    const key = this.key;
    if (!key) throw new Error('AuditLog opened without its key (verify only): nothing can be appended');
    const kind = input.kind;
    if (typeof kind !== 'string' || kind.length > MAX_KIND_LENGTH || !KIND_PATTERN.test(kind)) {
      throw new BilingualError(
        'AUDIT_KIND_INVALID',
        `审计记录类型不正确：${String(kind).slice(0, 40)} — 这是程序错误，请联系管理员`,
        `Invalid audit entry kind: ${String(kind).slice(0, 40)} — this is a program error, contact the administrator`,
      );
    }
    const detailObj = input.detail ?? {};
    assertNoPii(detailObj);
    assertNoPii({ actor: input.actor, counterId: input.counterId ?? null });
    let detail: string;
    try {
      detail = canonicalJson(detailObj);
    } catch {
      throw tooBigOrOdd();
    }
    if (detail.length > MAX_DETAIL_CHARS) throw tooBigOrOdd();

    // IMMEDIATE: take the write lock before reading the head, so two writers cannot chain
    // onto the same previous entry.
    const write = this.db.transaction((): AuditEntry => {
      const prev = this.last.get() as { seq: number; at: number; hash: string } | undefined;
      // Entries stay in time order even if the system clock is set back: keep the later time
      // and say so in the entry, rather than refusing to record (sign-in must still work).
      const now = this.clock.now();
      const at = prev && now < prev.at ? prev.at : now;
      let text = detail;
      if (at !== now) text = canonicalJson({ ...detailObj, clockBehindMs: at - now });
      const row = {
        seq: (prev?.seq ?? 0) + 1,
        at,
        actor: input.actor,
        kind,
        counter_id: input.counterId ?? null,
        detail: text,
      };
      const prevHash = prev?.hash ?? GENESIS;
      const hash = chainHash(prevHash, payload(row), key);
      this.insert.run({ ...row, prev_hash: prevHash, hash });
      writeHead(this.db, AUDIT_CHAIN, key, row.seq, hash);
      return toEntry({ ...row, prev_hash: prevHash, hash });
    });
    const entry = write.immediate();
    for (const l of this.listeners) l(entry);
    return entry;
  }

  /**
   * Called after each entry is written (the hall's sync loop is nudged by what the counter does).
   * A listener must not throw and must not block: it runs inside the caller's call.
   */
  onAppend(listener: (e: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  query(q: AuditQuery = {}): AuditPage {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (q.kindPrefix) {
      // substr, not LIKE: a prefix containing % or _ must match literally.
      where.push('substr(kind, 1, length(@kindPrefix)) = @kindPrefix');
      args.kindPrefix = q.kindPrefix;
    }
    if (q.actor !== undefined) {
      where.push('actor = @actor');
      args.actor = q.actor;
    }
    if (q.counterId !== undefined) {
      where.push('counter_id = @counterId');
      args.counterId = q.counterId;
    }
    if (q.from !== undefined) {
      where.push('at >= @from');
      args.from = q.from;
    }
    if (q.to !== undefined) {
      where.push('at < @to');
      args.to = q.to;
    }
    if (q.beforeSeq !== undefined) {
      where.push('seq < @beforeSeq');
      args.beforeSeq = q.beforeSeq;
    }
    const limit = Math.min(500, Math.max(1, Math.trunc(q.limit ?? 50)));
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                 ORDER BY seq DESC LIMIT ${limit + 1}`;
    const rows = this.db.prepare(sql).all(args) as Row[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit).map(toEntry);
    const oldest = page[page.length - 1];
    return { entries: page, nextBeforeSeq: more && oldest ? oldest.seq : null };
  }

  /** Recomputes the whole chain in seq order (streamed), checks the sealed head and the given anchors. */
  verify(anchors: readonly ChainAnchor[] = []): AuditVerifyResult {
    const v = verifySealedChain(this.db, AUDIT_CHAIN, this.key, anchors);
    return { ok: v.ok, entries: v.rows, problem: v.problem, keyed: v.keyed, last: v.last };
  }
}

function toEntry(r: Row): AuditEntry {
  let detail: AuditDetail;
  try {
    detail = JSON.parse(r.detail) as AuditDetail;
  } catch {
    detail = { unreadable: true };
  }
  return { seq: r.seq, at: r.at, actor: r.actor, kind: r.kind, counterId: r.counter_id, detail, hash: r.hash };
}

function tooBigOrOdd(): BilingualError {
  return new BilingualError(
    'AUDIT_DETAIL_INVALID',
    `审计记录内容过大或无法保存（最多 ${MAX_DETAIL_CHARS} 字符的普通数据）— 这是程序错误，请联系管理员`,
    `The audit entry detail is too large or not plain data (at most ${MAX_DETAIL_CHARS} characters) — this is a program error, contact the administrator`,
  );
}
