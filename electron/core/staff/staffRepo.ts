/** The staff table: plain reads and writes, no rules (those live in staffAdmin and signIn). */
import type { Role } from '../../../base/contract/roles';
import type { SecretKind, StaffMember } from '../../../base/contract/staff';
import type { Db } from '../storage/db';


export interface StaffRecord extends StaffMember {
  secretHash: string;
  /** Held by an administrator on the hall page: the right secret is refused (STAFF_LOCKED). */
  locked: boolean;
  /** The hall's staff version of this account's last change; null for an account made at this counter. */
  hallVersion: number | null;
}

interface Row {
  staff_no: string;
  name: string;
  role: Role;
  active: number;
  secret_kind: SecretKind;
  secret_hash: string;
  created_at: number;
  updated_at: number;
  locked: number;
  hall_version: number | null;
}

const toRecord = (r: Row): StaffRecord => ({
  staffNo: r.staff_no,
  name: r.name,
  role: r.role,
  active: r.active === 1,
  secretKind: r.secret_kind,
  secretHash: r.secret_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  locked: r.locked === 1,
  hallVersion: r.hall_version,
});

export function publicStaff(r: StaffRecord): StaffMember {
  const { secretHash: _omit, locked: _locked, hallVersion: _hall, ...rest } = r;
  return rest;
}

export class StaffRepo {
  constructor(private readonly db: Db) {}

  get(staffNo: string): StaffRecord | null {
    const r = this.db.prepare('SELECT * FROM staff WHERE staff_no = ?').get(staffNo) as Row | undefined;
    return r ? toRecord(r) : null;
  }

  list(): StaffRecord[] {
    return (this.db.prepare('SELECT * FROM staff ORDER BY staff_no').all() as Row[]).map(toRecord);
  }

  countActive(role: Role): number {
    const r = this.db.prepare('SELECT count(*) AS n FROM staff WHERE role = ? AND active = 1').get(role) as { n: number };
    return r.n;
  }

  insert(s: Omit<StaffRecord, 'updatedAt' | 'locked' | 'hallVersion'>): void {
    this.db
      .prepare(
        `INSERT INTO staff (staff_no, name, role, active, secret_kind, secret_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.staffNo, s.name, s.role, s.active ? 1 : 0, s.secretKind, s.secretHash, s.createdAt, s.createdAt);
  }

  setRole(staffNo: string, role: Role, at: number): void {
    this.db.prepare('UPDATE staff SET role = ?, updated_at = ? WHERE staff_no = ?').run(role, at, staffNo);
  }

  setSecret(staffNo: string, kind: SecretKind, hash: string, at: number): void {
    this.db.prepare('UPDATE staff SET secret_kind = ?, secret_hash = ?, updated_at = ? WHERE staff_no = ?').run(kind, hash, at, staffNo);
  }

  deactivate(staffNo: string, at: number): void {
    this.db.prepare('UPDATE staff SET active = 0, updated_at = ? WHERE staff_no = ?').run(at, staffNo);
  }
}
