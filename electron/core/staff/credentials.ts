/**
 * Checking a staff number and PIN/password: the one path used by sign-in, screen unlock and
 * approvals. Sign-in and unlock count wrong secrets toward the person's lockout; an approval
 * dialog counts them toward its counter's throttle instead (`forApproval`), so a clerk typing
 * wrong passwords into the dialog slows her counter down and never locks the duty manager out
 * of their own sign-in.
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
    /** Per-counter throttle of approval dialogs (absent: approvals count like sign-ins). */
    private readonly approvalThrottle: Lockout | null = null,
  ) {}

  /** Returns the active staff member, or throws SIGNIN_FAILED / SIGNIN_LOCKED_OUT / STAFF_INACTIVE. */
  authenticate(staffNoInput: unknown, secret: unknown): StaffRecord {
    return this.check(staffNoInput, secret, null);
  }

  /**
   * The same check for an approval typed at a counter: wrong secrets count toward that counter's
   * throttle (APPROVAL_THROTTLED while it waits), not toward the approver's sign-in lockout.
   */
  forApproval(staffNoInput: unknown, secret: unknown, counterId: string | null): StaffRecord {
    return this.check(staffNoInput, secret, this.approvalThrottle ? (counterId ?? '(none)') : null);
  }

  private check(staffNoInput: unknown, secret: unknown, counter: string | null): StaffRecord {
    const staffNo = assertStaffNo(staffNoInput);
    const throttle = counter !== null ? this.approvalThrottle! : this.lockout;
    const key = counter ?? staffNo;
    const waitMs = throttle.remainingMs(key);
    if (waitMs > 0) {
      if (counter !== null) throw staffErrors.approvalThrottled(counter, waitMs);
      throw staffErrors.lockedOut(staffNo, this.lockout.state(staffNo).failures, waitMs);
    }
    // An empty field is a slip of the Enter key, not a guess: refuse without counting it.
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > 256) throw staffErrors.signInFailed();

    const rec = this.repo.get(staffNo);
    // Unknown numbers cost the same scrypt time as known ones, so timing does not reveal them.
    const ok = rec ? verifySecret(secret, rec.secretHash) : (verifySecret(secret, this.dummy()), false);
    if (!rec || !ok) {
      const st = throttle.recordFailure(key);
      const wait = st.lockedUntil - this.clock.now();
      if (wait > 0) throw counter !== null ? staffErrors.approvalThrottled(counter, wait) : staffErrors.lockedOut(staffNo, st.failures, wait);
      throw staffErrors.signInFailed();
    }
    // Only after the right secret: saying "deactivated" earlier would confirm the number exists.
    if (!rec.active) throw staffErrors.inactive(staffNo);
    if (rec.locked) throw staffErrors.locked(staffNo);
    throttle.clear(key);
    // The hall's hash is the person's one password at every counter: re-hashing it here would
    // part this counter from the hall until the next change there.
    if (rec.hallVersion === null && needsRehash(rec.secretHash, this.scrypt)) {
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
