/** A throw-away data folder with the real migrations, a manual clock and fast scrypt. */
import fs from 'node:fs';
import { tempDir } from '../../helpers/tempDir';
import { testKeys } from '../../helpers/keys';
import { AuditLog } from '../../../electron/core/audit/auditLog';
import { ManualClock } from '../../../base/clock';
import { createStaffModule, type StaffModule } from '../../../electron/core/staff';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { openDatabase, type Db } from '../../../electron/core/storage/db';

export const T0 = Date.UTC(2025, 5, 2, 1, 0, 0); // 09:00 in Beijing

export interface Env {
  dir: string;
  db: Db;
  clock: ManualClock;
  audit: AuditLog;
  reopen(): Env;
  cleanup(): void;
}

export function makeEnv(dir = tempDir('cd-staff-'), clock = new ManualClock(T0)): Env {
  const { db } = openDatabase({ dataDir: dir });
  const audit = new AuditLog(db, clock, testKeys(dir).key('audit-chain'));
  return {
    dir,
    db,
    clock,
    audit,
    reopen() {
      db.close();
      return makeEnv(dir, clock);
    },
    cleanup() {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StaffEnv extends Env {
  staff: StaffModule;
  open: Map<string, number>;
}

export const ADMIN = { staffNo: '1000', name: '张建国', password: 'Adm1n-pass' };
export const MANAGER = { staffNo: '2001', name: '李梅', role: 'duty_manager' as const, secret: 'Duty-mgr-77' };
export const CLERK = { staffNo: '1024', name: '王秀英', role: 'clerk' as const, secret: '4821' };
export const CLERK2 = { staffNo: '1025', name: '赵强', role: 'clerk' as const, secret: '7390' };

/** A hall with an administrator, a duty manager and two clerks; journeys are counted in `open`. */
export function makeStaffEnv(env: Env = makeEnv(), idleLockMs = 5 * 60_000): StaffEnv {
  const open = new Map<string, number>();
  const staff = createStaffModule({
    db: env.db,
    clock: env.clock,
    audit: env.audit,
    journeys: { openJourneys: (c) => open.get(c) ?? 0 },
    idleLockMs: () => idleLockMs,
    scrypt: FAST_SCRYPT,
  });
  return { ...env, staff, open };
}

export function seedHall(e: StaffEnv) {
  if (e.staff.admin.needsSetup()) e.staff.admin.createFirstAdmin(ADMIN);
  const adminSession = e.staff.signIn.signIn({ staffNo: ADMIN.staffNo, secret: ADMIN.password, counterId: 'B1' });
  for (const s of [MANAGER, CLERK, CLERK2]) e.staff.admin.create(adminSession, s);
  return adminSession;
}
