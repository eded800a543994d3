/**
 * What the till needs from other parts of the core, as small interfaces so each is built and
 * tested on its own: the journey engine and the audit log. (A person's credentials are checked
 * through the staff module's ApproverVerifier, electron/core/staff/approvals.ts.)
 */

/** How many service journeys are still open at a counter (a customer is being served). */
export type OpenJourneys = (counterId: string) => number;

/** Where the till's events go (the audit log). Details carry staff numbers, never personal data. */
export type TillEventSink = (kind: string, detail: object) => void;
