/** A throw-away till for tests: temp data dir, real migrations, a ManualClock and fake ports. */
import fs from 'node:fs';
import { tempDir } from '../../helpers/tempDir';
import { BilingualError } from '../../../base/contract/errors';
import { ManualClock } from '../../../base/clock';
import { openDatabase, type Db } from '../../../electron/core/storage/db';
import { Till } from '../../../electron/core/till';
import type { Approver, ApproverVerifier } from '../../../electron/core/staff/approvals';
import { testKeys } from '../../helpers/keys';
import type { TimeAuthority } from '../../../electron/core/time/trustedTime';

/** Monday 2025-03-03 10:00 in Asia/Shanghai (UTC+8). */
export const MON_10_00 = Date.UTC(2025, 2, 3, 2, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const STAFF: Record<string, Approver & { secret: string }> = {
  C001: { staffNo: 'C001', role: 'clerk', name: '王芳', secret: 'c1-pass' },
  C002: { staffNo: 'C002', role: 'clerk', name: '李娜', secret: 'c2-pass' },
  M001: { staffNo: 'M001', role: 'duty_manager', name: '张强', secret: 'm1-pass' },
  A001: { staffNo: 'A001', role: 'admin', name: '赵敏', secret: 'a1-pass' },
};

export const fakeApprover: ApproverVerifier = {
  verify(staffNo, secret) {
    const s = STAFF[staffNo.trim().toUpperCase()];
    if (!s || s.secret !== secret) throw new BilingualError('SIGNIN_FAILED', '工号或密码错误', 'Wrong staff number or password');
    return { staffNo: s.staffNo, role: s.role, name: s.name };
  },
};

export const creds = (staffNo: string): { staffNo: string; secret: string } => ({ staffNo, secret: STAFF[staffNo]!.secret });

export interface TillFixture {
  dir: string;
  db: Db;
  clock: ManualClock;
  till: Till;
  journeys: Map<string, number>;
  events: { kind: string; detail: object }[];
  /** The ledger chain's key (the real keystore, outside the folder). */
  key: Buffer;
  reopen(): void;
  close(): void;
}

export function makeTill(settings: Record<string, unknown> = {}, start = MON_10_00, opts: { timeAuthority?: TimeAuthority } = {}): TillFixture {
  const dir = tempDir('cd-till-');
  const clock = new ManualClock(start);
  const journeys = new Map<string, number>();
  const events: { kind: string; detail: object }[] = [];
  // The contract's defaults (base/contract/settings.ts), as production runs them; a test changes only what it is about.
  const build = (db: Db): Till => new Till({
    db, clock, settings, approver: fakeApprover, chainKey: testKeys(dir).key('ledger-chain'), timeAuthority: opts.timeAuthority ?? null,
    openJourneys: (c) => journeys.get(c) ?? 0,
    onEvent: (kind, detail) => events.push({ kind, detail }),
  });
  const f: TillFixture = {
    dir, clock, journeys, events, key: testKeys(dir).key('ledger-chain'),
    db: openDatabase({ dataDir: dir }).db,
    till: undefined as unknown as Till,
    reopen() {
      f.db.close();
      f.db = openDatabase({ dataDir: dir }).db;
      f.till = build(f.db);
    },
    close() {
      if (f.db.open) f.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  f.till = build(f.db);
  return f;
}

/** 500 yuan float: 3 x 100, 2 x 50, 5 x 20 (= 500.00). */
export const FLOAT_500 = { note_100: 3, note_50: 2, note_20: 5 };

/** Pieces that make up an amount of fen, greedy, for counting what should be in the drawer. */
export function piecesFor(fen: number): Record<string, number> {
  const denoms: [string, number][] = [['note_100', 10000], ['note_50', 5000], ['note_20', 2000], ['note_10', 1000], ['note_5', 500], ['note_1', 100], ['coin_0_5', 50], ['coin_0_1', 10]];
  const out: Record<string, number> = {};
  let rest = fen;
  for (const [id, v] of denoms) {
    const n = Math.floor(rest / v);
    if (n > 0) out[id] = n;
    rest -= n * v;
  }
  if (rest !== 0) throw new Error(`cannot count ${fen} fen in pieces (not a multiple of 1 jiao)`);
  return out;
}
