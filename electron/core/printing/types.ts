/** The print queue's vocabulary, shared by the queue, its store and domain.ts, which wires it. */
import type { ErrorShape } from '../../../base/contract/errors';
import type { PrintJob } from '../../../base/contract/printing';

/** queued → printing → printed | failed (see queue.ts for who moves a job where). */
export type PrintJobState = PrintJob['state'];

/** What the queue needs from the printer: the PrinterDriver fits as is. */
export interface PrintSink {
  /**
   * Resolves when the printer confirmed the job printed. Rejects with an ErrorShape-like
   * error whose `detail.bytesSent` says whether any byte may have reached the printer.
   */
  print(
    jobId: number,
    bytes: Uint8Array,
    hooks: { onWaiting?: (e: ErrorShape) => void; onResumed?: () => void },
  ): Promise<unknown>;
  /** Fires when the printer becomes able to print again (paper loaded, reconnected …). */
  onReady(cb: () => void): () => void;
}

/** Facts for the audit log (domain.ts passes `onAudit` to it). Never personal data. */
export type PrintAuditEvent =
  | { type: 'print.reprint'; at: number; jobId: number; originalId: number; reprintNo: number; by: string; reasonNote: number | null }
  | { type: 'print.interrupted'; at: number; jobId: number; cause: 'restart' | 'link' }
  | { type: 'print.failed'; at: number; jobId: number; code: string }
  | { type: 'print.cancelled'; at: number; jobId: number; by: string };

export type PrintQueueEvent = { type: 'job'; job: PrintJob } | { type: 'blocked'; reason: ErrorShape } | { type: 'unblocked' };
