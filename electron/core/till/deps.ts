/** Everything a till operation needs, handed to each small module by the Till facade. */
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import type { ApproverVerifier } from '../staff/approvals';
import type { OpenJourneys, TillEventSink } from './ports';
import type { TillSettings } from '../../../base/contract/settings';

export interface TillDeps {
  db: Db;
  clock: Clock;
  settings: TillSettings;
  approver: ApproverVerifier;
  openJourneys: OpenJourneys;
  emit: TillEventSink;
}
