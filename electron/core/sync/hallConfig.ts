/**
 * Configuration from the hall, applied at this counter (base/contract/hallConfig.ts): staff
 * accounts, the business catalog, the calendar and the till settings.
 *
 * - **Atomic.** Every kind of one answer is checked first, then everything accepted is written
 *   in one SQLite transaction with its version (`hall_config`) and its audit entries; each kind
 *   in its own savepoint, so a kind this counter refuses never holds back the others (a lock on
 *   the hall reaches the counter even while a catalog is refused).
 * - **The last good copy.** A document this counter cannot use (a catalog its parser refuses —
 *   a hall newer than this counter —, staff that would leave no administrator) is refused with
 *   a bilingual error shown on the device page; the copy in use stays, and that version is not
 *   fetched again until the hall saves another.
 * - **Offline.** What was applied is stored here; without the hall the counter works on with it.
 */
import type { Clock } from '../../../base/clock';
import { BilingualError, type ErrorShape } from '../../../base/contract/errors';
import { CONFIG_KINDS, kindsToSend, type ConfigKind, type ConfigUpdate, type ConfigVersions, type HallTillSettings } from '../../../base/contract/hallConfig';
import type { BusinessCalendar } from '../../../base/calendar';
import { parseCatalog } from '../../../base/node/catalogYaml';
import type { AuditLog } from '../audit/auditLog';
import type { HallAccounts } from '../staff/hallAccounts';
import type { Db } from '../storage/db';

const KIND_ZH: Record<ConfigKind, string> = { staff: '员工账号', catalog: '业务目录', calendar: '营业日历', till: '钱箱设置' };
const KIND_EN: Record<ConfigKind, string> = { staff: 'staff accounts', catalog: 'business catalog', calendar: 'business calendar', till: 'till settings' };

export interface StoredKind {
  kind: ConfigKind;
  version: number;
  madeAt: number;
  madeBy: string;
  appliedAt: number;
  document: string | null;
}

/** What the hall sets of the till, as stored here (the calendar and the two till figures). */
export interface HallTillOverlay {
  calendar?: BusinessCalendar;
  toleranceFen?: number;
  maxClockJumpMinutes?: number;
}

export interface ConfigStatus {
  versions: ConfigVersions;
  /** When this counter last applied anything from the hall. */
  appliedAt: number | null;
  /** The latest refusal (a kind, or the whole answer) still standing; null once a newer version applied. */
  error: ErrorShape | null;
}

export interface ApplyResult {
  applied: ConfigKind[];
  refused: { kind: ConfigKind; version: number; error: ErrorShape }[];
}

export interface HallConfigDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  accounts: HallAccounts;
  counterId: () => string;
  /** After the commit: the catalog in use from now on (the journeys' next lookup). */
  useCatalog: (yaml: string, source: string) => void;
  /** After the commit: the hall's till settings and calendar (written into the settings, audited with `actor`). */
  useTill: (overlay: HallTillOverlay, actor: string) => void;
}

export class HallConfig {
  /** Versions refused per kind (not fetched again until the hall has another), and the whole answer's refusal. */
  private readonly refusedAt = new Map<ConfigKind, { version: number; error: ErrorShape }>();
  private answerRefused: { hall: string; error: ErrorShape } | null = null;

  constructor(private readonly deps: HallConfigDeps) {}

  stored(kind: ConfigKind): StoredKind | null {
    const r = this.deps.db.prepare('SELECT kind, version, made_at, made_by, applied_at, document FROM hall_config WHERE kind = ?').get(kind) as
      | { kind: ConfigKind; version: number; made_at: number; made_by: string; applied_at: number; document: string | null }
      | undefined;
    return r ? { kind: r.kind, version: r.version, madeAt: r.made_at, madeBy: r.made_by, appliedAt: r.applied_at, document: r.document } : null;
  }

  /** The versions this counter applied (0: it keeps its own for that kind); sent with every heartbeat. */
  versions(): ConfigVersions {
    const out = Object.fromEntries(CONFIG_KINDS.map((k) => [k, 0])) as ConfigVersions;
    for (const r of this.deps.db.prepare('SELECT kind, version FROM hall_config').all() as { kind: ConfigKind; version: number }[]) out[r.kind] = r.version;
    return out;
  }

  managed(kind: ConfigKind): boolean {
    return this.stored(kind) !== null;
  }

  status(): ConfigStatus {
    const at = (this.deps.db.prepare('SELECT max(applied_at) AS t FROM hall_config').get() as { t: number | null }).t;
    const refusals = [...this.refusedAt.values()].map((r) => r.error);
    return { versions: this.versions(), appliedAt: at, error: this.answerRefused?.error ?? refusals.at(-1) ?? null };
  }

  /** Whether the hall (its versions from the heartbeat's answer) holds something to fetch that was not refused already. */
  wanted(hall: ConfigVersions): boolean {
    if (this.answerRefused?.hall === JSON.stringify(hall)) return false;
    return kindsToSend(hall, this.versions()).some((k) => this.refusedAt.get(k)?.version !== hall[k]);
  }

  /** The whole answer was not one this counter accepts (its shape): nothing applied; not asked again until the hall's versions move. */
  refuseAnswer(hall: ConfigVersions, error: ErrorShape): void {
    this.answerRefused = { hall: JSON.stringify(hall), error };
    this.auditRefusal(null, null, error);
  }

  /** The hall's till figures and calendar as stored here (the till runs on them even when the settings file could not be written). */
  tillOverlay(): HallTillOverlay {
    const out: HallTillOverlay = {};
    const till = this.stored('till');
    if (till?.document) Object.assign(out, JSON.parse(till.document) as HallTillSettings);
    const cal = this.stored('calendar');
    if (cal?.document) out.calendar = JSON.parse(cal.document) as BusinessCalendar;
    return out;
  }

  /** At start: the settings in line with what was applied (a crash between the commit and the settings write). */
  reconcile(): void {
    const o = this.tillOverlay();
    if (Object.keys(o).length > 0) this.deps.useTill(o, 'hall');
  }

  apply(u: ConfigUpdate): ApplyResult {
    const { db, clock } = this.deps;
    this.answerRefused = null;
    const now = clock.now();
    const counterId = this.deps.counterId();
    const result: ApplyResult = { applied: [], refused: [] };
    const refuse = (kind: ConfigKind, version: number, cause: ErrorShape) => {
      const error = refusal(kind, version, this.stored(kind)?.version ?? 0, cause);
      result.refused.push({ kind, version, error });
      this.refusedAt.set(kind, { version, error });
    };
    const store = (kind: ConfigKind, made: { version: number; at: number; by: string }, document: string | null) => {
      db.prepare(
        `INSERT INTO hall_config (kind, version, made_at, made_by, applied_at, document) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET version = excluded.version, made_at = excluded.made_at, made_by = excluded.made_by,
           applied_at = excluded.applied_at, document = excluded.document`,
      ).run(kind, made.version, made.at, made.by, now, document);
      this.deps.audit.append({ kind: 'config.applied', actor: null, counterId, detail: { kind, version: made.version, madeBy: made.by, madeAt: made.at } });
    };

    // Checked before the transaction: the catalog with this counter's own parser.
    let catalogOk = false;
    if (u.catalog) {
      try {
        parseCatalog(u.catalog.yaml, `hall catalog v${u.catalog.version}`);
        catalogOk = true;
      } catch (e) {
        refuse('catalog', u.catalog.version, asShape(e));
      }
    }

    const inOne = (kind: ConfigKind, version: number, fn: () => void) => {
      try {
        db.transaction(fn)();
        result.applied.push(kind);
        this.refusedAt.delete(kind);
      } catch (e) {
        refuse(kind, version, asShape(e));
      }
    };
    db.transaction(() => {
      if (u.staff) {
        const s = u.staff;
        inOne('staff', s.version, () => {
          this.deps.accounts.apply(s.accounts, s.full, counterId);
          const last = s.accounts.reduce((m, a) => (a.changedAt > m.at ? { at: a.changedAt, by: 'hall' } : m), { at: this.stored('staff')?.madeAt ?? 0, by: 'hall' });
          store('staff', { version: s.version, at: last.at, by: last.by }, null);
        });
      }
      if (u.catalog && catalogOk) {
        const c = u.catalog;
        inOne('catalog', c.version, () => store('catalog', c, c.yaml));
      }
      if (u.calendar) {
        const c = u.calendar;
        inOne('calendar', c.version, () => store('calendar', c, JSON.stringify(c.calendar)));
      }
      if (u.till) {
        const t = u.till;
        inOne('till', t.version, () => store('till', t, JSON.stringify(t.settings)));
      }
    }).immediate();

    for (const r of result.refused) this.auditRefusal(r.kind, r.version, r.error);
    // After the commit: what the rest of the counter uses from now on.
    if (result.applied.includes('catalog')) this.deps.useCatalog(u.catalog!.yaml, `hall catalog v${u.catalog!.version}`);
    if (result.applied.includes('calendar') || result.applied.includes('till')) {
      const by = result.applied.includes('till') ? u.till!.by : u.calendar!.by;
      this.deps.useTill(this.tillOverlay(), `hall:${by}`);
    }
    return result;
  }

  private auditRefusal(kind: ConfigKind | null, version: number | null, error: ErrorShape): void {
    const cause = (error.detail?.cause as { code?: string } | undefined)?.code ?? error.code;
    this.deps.audit.append({ kind: 'config.refused', actor: null, counterId: this.deps.counterId(), detail: { kind, version, code: cause } });
  }
}

function asShape(e: unknown): ErrorShape {
  if (e instanceof BilingualError) return e.toShape();
  return { code: 'SYNC_CONFIG_REFUSED', message_zh: '配置无法采用', message_en: 'The configuration cannot be used', detail: { reason: e instanceof Error ? e.message : String(e) } };
}

/** One kind refused: what it was, why, and that the last good copy stays. */
function refusal(kind: ConfigKind, version: number, kept: number, cause: ErrorShape): ErrorShape {
  const keptZh = kept > 0 ? `继续使用营业厅第 ${kept} 版` : '继续使用本台席原有的';
  const keptEn = kept > 0 ? `it keeps the hall's version ${kept}` : 'it keeps its own';
  return new BilingualError(
    'SYNC_CONFIG_REFUSED',
    `营业厅服务器下发的${KIND_ZH[kind]}（第 ${version} 版）本台席无法采用：${cause.message_zh} — ${keptZh}${KIND_ZH[kind]}；请管理员在营业厅管理页检查`,
    `The ${KIND_EN[kind]} the hall server sent (version ${version}) cannot be used at this counter: ${cause.message_en} — ${keptEn} ${KIND_EN[kind]}; ask the administrator to check them on the hall page`,
    { kind, version, kept, cause: { code: cause.code, ...(cause.detail ? { detail: cause.detail } : {}) } },
  ).toShape();
}
