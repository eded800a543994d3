/**
 * What the till needs from other parts of the core, as small interfaces so each is built and
 * tested on its own: staff credentials, the journey engine, and the audit log.
 */
import type { Role } from '../../../base/contract/roles';

export interface VerifiedStaff {
  staffNo: string;
  role: Role;
  name: string;
}

/** Checks a staff member's own credentials; throws BilingualError when they are wrong. */
export interface ApproverVerifier {
  verify(staffNo: string, secret: string): VerifiedStaff;
}

/** How many service journeys are still open at a counter (a customer is being served). */
export type OpenJourneys = (counterId: string) => number;

/** The lead wires this to the audit log. Details carry staff numbers, never personal data. */
export type TillEventSink = (kind: string, detail: object) => void;

/** Credentials typed in by the approving person at the counter. */
export interface Credentials {
  staffNo: string;
  secret: string;
}
