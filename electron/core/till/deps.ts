/** Everything a till operation needs, handed to each small module by the Till facade. */
import type { Db } from '../storage/db';
import type { ApproverVerifier } from '../staff/approvals';
import type { TrustedTime } from '../time/trustedTime';
import type { OpenJourneys, TillEventSink } from './ports';
import type { TillSettings } from '../../../base/contract/settings';

export interface TillDeps {
  db: Db;
  /** The till's time, checked against the machine's monotonic clock (and the hall's, when it answers). */
  clock: TrustedTime;
  settings: TillSettings;
  approver: ApproverVerifier;
  openJourneys: OpenJourneys;
  emit: TillEventSink;
  /** The ledger chain's key (from the keystore, never from the data folder). */
  key: Buffer;
  /** The audit log's head (seq and hash), printed on the Z report beside the ledger's. */
  auditHead?: () => { seq: number; hash: string } | null;
}
