/**
 * The hall's ticket printer: an ESC/POS receipt printer on a serial port of the hall server's PC
 * (`start:hall -- --ticket-printer /dev/ttyUSB0`), driven by the counters' own printer driver
 * (native/printer: a job counts as printed only when the printer confirms it) with the queue
 * ticket template. It reconnects by itself; while it is missing or out of paper the ticket is
 * still issued and the guide is told why it did not print (the number is on the guide's screen).
 */
import { BilingualError, type ErrorShape } from '../../base/contract/errors';
import { PrinterDriver } from '../../native/printer/driver';
import { modelForWidth } from '../../native/printer/model';
import { queueTicket, type QueueTicketData } from '../../native/printer/templates/queue-ticket';
import { SerialTransport } from '../../native/transport/serial';

export interface TicketPrinterOptions {
  path: string;
  baudRate?: number;
  paperWidth?: 58 | 80;
}

export interface TicketPrinter {
  /** Resolves once the printer confirmed the ticket printed; rejects with the printer's refusal. */
  print(data: QueueTicketData): Promise<void>;
  close(): Promise<void>;
}

export function serialTicketPrinter(o: TicketPrinterOptions): TicketPrinter {
  const driver = new PrinterDriver({
    transport: new SerialTransport({ path: o.path, baudRate: o.baudRate ?? 115200 }),
    model: modelForWidth(o.paperWidth ?? 80),
    baudRate: o.baudRate ?? 115200,
    pollMs: 200,
    idlePollMs: 0,
    recoveryWaitMs: 2_000,
    reconnect: { initialMs: 500, maxMs: 10_000 },
  });
  driver.start();
  let n = 0;
  return {
    async print(data) {
      await driver.printReceipt(`ticket-${data.label}-${++n}`, queueTicket(data));
    },
    close: () => driver.close(),
  };
}

export function noTicketPrinter(): ErrorShape {
  return new BilingualError('QUEUE_NO_PRINTER', '大厅服务器未配置号票打印机 — 请把号码告诉客户或手写号票', 'The hall server has no ticket printer configured — tell the customer the number or write the ticket by hand').toShape();
}
