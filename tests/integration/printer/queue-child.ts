/**
 * A stand-in for the app process in the crash test: owns the print queue (SQLite in argv[2])
 * and the printer on the serial port argv[3]. With ENQUEUE=1 it queues one customer receipt.
 * It reports job states on stdout as `job <id> <state>` and exits once nothing is left to print
 * (EXIT_WHEN_IDLE=1) — or when the test kills it with SIGKILL.
 */
import { ManualClock } from '../../../base/clock';
import { PrintQueue } from '../../../electron/core/printing/queue';
import { openDatabase } from '../../../electron/core/storage/db';
import { PrinterDriver } from '../../../native/printer/driver';
import { encodeReceipt } from '../../../native/printer/encoder';
import { modelForWidth } from '../../../native/printer/model';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { SerialTransport } from '../../../native/transport/serial';
import { customerData } from '../../unit/printer/fixtures';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: queue-child <dataDir> <port>');
const model = modelForWidth(80);
const { db } = openDatabase({ dataDir });
const driver = new PrinterDriver({ transport: new SerialTransport({ path: port }), model, pollMs: 50 });
const queue = new PrintQueue({
  db,
  sink: driver,
  render: (doc) => encodeReceipt(doc, { model }),
  clock: new ManualClock(Date.UTC(2024, 4, 1, 2)),
  retryMs: 200,
});
queue.onEvent((e) => {
  if (e.type !== 'job') return;
  process.stdout.write(`job ${e.job.id} ${e.job.state}\n`);
  if (process.env.EXIT_WHEN_IDLE === '1' && e.job.state === 'printed' && queue.recent().every((j) => j.state === 'printed' || j.state === 'failed')) {
    void queue.stop().then(() => driver.close()).then(() => {
      db.close();
      process.exit(0);
    });
  }
});
await driver.open();
queue.start();
if (process.env.ENQUEUE === '1') queue.enqueue({ kind: 'customer_receipt', title: '回单', ref: customerData.txRef, doc: customerReceipt(customerData) });
process.stdout.write('ready\n');
