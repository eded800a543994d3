/**
 * Crash-test writer: appends cash sales as fast as it can and prints each acknowledged sequence
 * number (after its transaction committed) on its own line. The test kills it with SIGKILL.
 *   tsx tests/integration/till/append-child.ts <dataDir>
 */
import { systemClock } from '../../../base/clock';
import { openDatabase } from '../../../electron/core/storage/db';
import { Till } from '../../../electron/core/till';
import { fileKeyStore } from '../../../electron/core/secrets/keyStore';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: append-child <dataDir>');
const { db } = openDatabase({ dataDir });
const till = new Till({
  db, clock: systemClock, settings: {}, chainKey: fileKeyStore(dataDir).key('ledger-chain'),
  approver: { verify: () => { throw new Error('no approvals in the crash test'); } },
  openJourneys: () => 0,
});
const session = till.openSessionAt('CRASH') ?? till.openSession({ counterId: 'CRASH', clerkStaffNo: 'C001', float: { note_100: 1 } });
process.stdout.write(`session ${session.id}\n`);
for (;;) {
  const row = till.recordSale({ sessionId: session.id, tender: 'cash', dueFen: 100, tenderedFen: 500, journeyRef: 'crash', actor: 'C001' });
  // On Linux, writes to a pipe are synchronous: once this returns, the parent can read it.
  process.stdout.write(`${row.seq}\n`);
}
