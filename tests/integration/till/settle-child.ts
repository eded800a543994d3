/**
 * Crash-test writer for the end of the day: opens a till, takes cash, makes the blind count,
 * settles, hands over and records the Z report's print, again and again (the duty manager
 * approving each reopening of the day), printing each step once it committed. Killed with
 * SIGKILL at any moment, a restart carries on from wherever the last run stopped.
 *   tsx tests/integration/till/settle-child.ts <dataDir>
 */
import { systemClock } from '../../../base/clock';
import { fileKeyStore } from '../../../electron/core/secrets/keyStore';
import { openDatabase } from '../../../electron/core/storage/db';
import { Till } from '../../../electron/core/till';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: settle-child <dataDir>');
const { db } = openDatabase({ dataDir });
const people: Record<string, 'clerk' | 'duty_manager'> = { C001: 'clerk', M001: 'duty_manager' };
const closedAllWeek = { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };
const till = new Till({
  db, clock: systemClock, chainKey: fileKeyStore(dataDir).key('ledger-chain'),
  // No closing time (a day without hours): the crash test is about durability, not the lock.
  settings: { calendar: { timeZone: 'Asia/Shanghai', weekly: closedAllWeek, exceptions: [] } },
  approver: { verify: (staffNo) => ({ staffNo, role: people[staffNo] ?? 'clerk', name: staffNo }) },
  openJourneys: () => 0,
});
const COUNTER = 'CRASH2';
const ack = (line: string) => process.stdout.write(`${line}\n`);
const creds = (staffNo: string) => ({ staffNo, secret: 'x' });

/** Finishes whatever the killed run left: count, settle, hand over, print. */
function finish(sessionId: number): void {
  const s = till.session(sessionId);
  if (s.status === 'open') {
    if (!till.clerkView(sessionId).lastCount) {
      const expected = till.sessionTotals(sessionId).expectedCashFen;
      till.submitCount({ sessionId, cash: { note_100: Math.floor(expected / 10000), note_1: (expected % 10000) / 100 }, actor: 'C001' });
      ack(`count ${sessionId}`);
    }
    const r = till.settle({ sessionId, idempotencyKey: `crash-settle-${sessionId}`, actor: 'C001' });
    ack(`settle ${sessionId} ${r.zNo}`);
  }
  const zNo = till.zNoOf(sessionId);
  if (!till.closedToday(COUNTER)?.handedOver && till.closedToday(COUNTER)?.sessionId === sessionId) {
    const counted = till.clerkView(sessionId).settlement!.countedFen;
    till.handover({ sessionId, amountFen: counted, bagNo: `B${sessionId}`, sealNo: `S${sessionId}`, handedBy: creds('C001'), receivedBy: creds('M001') });
    ack(`handover ${sessionId}`);
  }
  if (till.zReport(zNo).printsBefore === 0) {
    till.recordZPrint({ zNo, staffNo: 'C001', approvedBy: null });
    ack(`zprint ${zNo}`);
  }
}

const open = till.openSessionAt(COUNTER);
if (open) finish(open.id);
const last = till.closedToday(COUNTER);
if (last) finish(last.sessionId);
for (;;) {
  const reopen = till.closedToday(COUNTER) ? { approval: creds('M001'), reason: '压力测试再次开班' } : undefined;
  const s = till.openSession({ counterId: COUNTER, clerkStaffNo: 'C001', float: { note_100: 5 }, ...(reopen ? { reopen } : {}) });
  ack(`open ${s.id}`);
  for (let i = 0; i < 5; i++) ack(`sale ${till.recordSale({ sessionId: s.id, tender: 'cash', dueFen: 100, tenderedFen: 500, journeyRef: `J${s.id}-${i}`, actor: 'C001' }).seq}`);
  finish(s.id);
}
