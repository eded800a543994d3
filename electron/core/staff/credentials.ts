/**
 * Checking a staff number and PIN/password: the one path used by sign-in, screen unlock and
 * approvals, so all of them count toward the same lockout.
 */
import type { Clock } from '../../../base/clock';
import { staffErrors } from './errors';
import { Lockout } from './lockout';
import { DEFAULT_SCRYPT, hashSecret, needsRehash, verifySecret, type ScryptParams } from '../../../base/node/secretHash';
import { assertStaffNo } from '../../../base/staffRules';
import type { StaffRecord, StaffRepo } from './staffRepo';

export class Credentials {
  private dummyHash: string | null = null;

  constructor(
    private readonly repo: StaffRepo,
    private readonly lockout: Lockout,
    private readonly clock: Clock,
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {}

  /** Returns the active staff member, or throws SIGNIN_FAILED / SIGNIN_LOCKED_OUT / STAFF_INACTIVE. */
  authenticate(staffNoInput: unknown, secret: unknown): StaffRecord {
    const staffNo = assertStaffNo(staffNoInput);
    const waitMs = this.lockout.remainingMs(staffNo);
    if (waitMs > 0) throw staffErrors.lockedOut(staffNo, this.lockout.state(staffNo).failures, waitMs);
    // An empty field is a slip of the Enter key, not a guess: refuse without counting it.
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > 256) throw staffErrors.signInFailed();

    const rec = this.repo.get(staffNo);
    // Unknown numbers cost the same scrypt time as known ones, so timing does not reveal them.
    const ok = rec ? verifySecret(secret, rec.secretHash) : (verifySecret(secret, this.dummy()), false);
    if (!rec || !ok) {
      const st = this.lockout.recordFailure(staffNo);
      const wait = st.lockedUntil - this.clock.now();
      if (wait > 0) throw staffErrors.lockedOut(staffNo, st.failures, wait);
      throw staffErrors.signInFailed();
    }
    // Only after the right secret: saying "deactivated" earlier would confirm the number exists.
    if (!rec.active) throw staffErrors.inactive(staffNo);
    this.lockout.clear(staffNo);
    if (needsRehash(rec.secretHash, this.scrypt)) {
      const upgraded = hashSecret(secret, this.scrypt);
      this.repo.setSecret(staffNo, rec.secretKind, upgraded, this.clock.now());
      return { ...rec, secretHash: upgraded };
    }
    return rec;
  }

  hash(secret: string): string {
    return hashSecret(secret, this.scrypt);
  }

  clearLockout(staffNo: string): void {
    this.lockout.clear(staffNo);
  }

  private dummy(): string {
    this.dummyHash ??= hashSecret('counterdesk-no-such-staff', this.scrypt);
    return this.dummyHash;
  }
}
