/**
 * The durable print queue: receipts and reports survive paper-outs, unplugged cables and
 * crashes, and a second copy never reaches the customer without a mark.
 *
 * States: queued → printing → printed | failed(reason).
 * - A job is committed as 'queued' before anything is sent, and as 'printing' (synchronous=FULL)
 *   before its first byte leaves. It becomes 'printed' only when the printer confirms (GS r).
 * - Printer not ready before the job (paper out, cover open, offline, unplugged): nothing was
 *   sent, the job stays 'queued' with the reason, and goes by itself when the printer is ready.
 * - Paper out / cover open in the middle of a job: the printer keeps the rest in its buffer; the
 *   job stays 'printing' (reason = what it waits for) and finishes after the fix — never re-sent.
 * - Link lost in the middle of a job (bytes sent, no confirm): outcome unknown. The job goes
 *   back to 'queued' flagged possibleDuplicate and is re-sent once the printer is back, marked
 *   【可能重复】 on paper.
 * - Restart policy: a job found in 'printing' at start was cut off by a crash or power loss; we
 *   cannot know whether it came out, so it is re-sent automatically marked 【可能重复】 (and
 *   audited as print.interrupted). Customers keep their receipt; a duplicate is always marked.
 * - The printer answered status but never confirmed (hung): 'failed' (PRINTER_TIMEOUT). Failed
 *   jobs are re-sent only by an explicit reprint.
 * - Reprint: explicit, by a named staff member, creates a new job linked to the original,
 *   printed with 【重印】第N次重印, audited as print.reprint.
 *
 * A document is checked once, where it enters (the schema, then rendered for the printer so an
 * unprintable character is refused while the clerk is still there), and those bytes are what
 * the job prints. It is rendered again only when the paper must differ — a 【可能重复】 mark
 * after an interruption, or another printer after a device switch — from the stored copy,
 * which is checked against the schema as it comes back from disk.
 */
import { BilingualError, isErrorShape, type ErrorShape } from '../../../base/contract/errors';
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import { receiptDocSchema, type ReceiptDoc } from '../../../native/printer/doc';
import { JobStore } from './job-store';
import { markDoc } from './marks';
import { withTrainingMark } from '../../../native/printer/templates/training-mark';
import type { PrintJob } from '../../../base/contract/printing';
import type { PrintAuditEvent, PrintQueueEvent, PrintSink } from './types';

export interface PrintQueueOptions {
  db: Db;
  sink: PrintSink;
  /** ReceiptDoc → printer bytes for the configured model (encodeReceipt); throws on unprintable text. */
  render: (doc: ReceiptDoc) => Uint8Array;
  clock: Clock;
  onAudit?: (e: PrintAuditEvent) => void;
  /** While blocked, try again this often even without a ready signal (ms). */
  retryMs?: number;
  /**
   * Whether the counter is in training mode now. Everything enqueued then is stored and printed
   * with 培训练习 — 无效 (training-mark.ts), whatever its template — the Z report, a test print, a
   * receipt — so no paper from training can pass for real; its reprints copy the mark.
   */
  training?: () => boolean;
}

export interface EnqueueRequest {
  kind: string;
  title: string;
  ref?: string | null;
  doc: ReceiptDoc;
  /**
   * A new copy of a document whose earlier job failed after bytes reached the printer: it may
   * have come out, so this one says 【可能重复】 (markDoc), like a job re-sent after an interruption.
   */
  possibleDuplicate?: boolean;
}

/** Codes that mean "the printer cannot print right now", as opposed to a bad job. */
const PRINTER_CODES = new Set([
  'PRINTER_OFFLINE',
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_CUTTER_ERROR',
  'PRINTER_FAULT',
  'PRINTER_TIMEOUT',
  'PRINTER_DISCONNECTED',
  'PRINTER_NOT_FOUND',
  'PRINTER_BAD_REPLY',
]);

/** Bytes went out and then the printer vanished or stopped: it may or may not have printed. */
const UNCERTAIN_CODES = new Set(['PRINTER_DISCONNECTED', 'PRINTER_OFFLINE', 'PRINTER_PAPER_OUT', 'PRINTER_COVER_OPEN']);

export class PrintQueue {
  private readonly store: JobStore;
  private readonly listeners = new Set<(e: PrintQueueEvent) => void>();
  private started = false;
  private pumping: Promise<void> | null = null;
  private again = false;
  private blocked: ErrorShape | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private offReady: (() => void) | null = null;
  /** Bytes rendered when a job was created, for its first print (in memory only). */
  private readonly rendered = new Map<number, Uint8Array>();

  constructor(private readonly o: PrintQueueOptions) {
    this.store = new JobStore(o.db);
  }

  /** Recovers jobs cut off by a crash (see the restart policy above) and starts printing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.o.clock.now();
    for (const job of this.store.inState('printing')) {
      this.store.setState(job.id, 'queued', now, { reason: interruptedReason(), possibleDuplicate: true });
      this.audit({ type: 'print.interrupted', at: now, jobId: job.id, cause: 'restart' });
      this.emitJob(job.id);
    }
    this.offReady = this.o.sink.onReady(() => this.kick());
    this.kick();
  }

  /** Stops taking the next job; resolves when the job on the printer (if any) has settled. */
  async stop(): Promise<void> {
    this.started = false;
    this.offReady?.();
    this.offReady = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.pumping;
  }

  onEvent(cb: (e: PrintQueueEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Stores a job (before anything is sent) and starts printing it when its turn comes.
   * Throws a BilingualError — and stores nothing — when the doc cannot be printed at all
   * (a character the printer lacks, a bad QR payload).
   */
  enqueue(req: EnqueueRequest): PrintJob {
    const parsed = receiptDocSchema.safeParse(req.doc);
    if (!parsed.success) {
      throw new BilingualError('PRINT_BAD_DOC', '回单内容格式错误，未加入打印队列', 'The receipt data is malformed; it was not queued', {
        issues: parsed.error.issues.length,
      });
    }
    const doc = this.o.training?.() ? withTrainingMark(parsed.data) : parsed.data;
    const dup = req.possibleDuplicate === true;
    // Refuse unprintable content now, while the clerk is still there; these bytes then print.
    const bytes = this.o.render(dup ? markDoc(doc, { reprintNo: 0, possibleDuplicate: true }) : doc);
    const id = this.store.insert({
      kind: req.kind,
      ref: req.ref ?? null,
      title: req.title,
      docJson: JSON.stringify(doc),
      reprintOf: null,
      reprintNo: 0,
      requestedBy: null,
      at: this.o.clock.now(),
    });
    if (dup) this.store.setState(id, 'queued', this.o.clock.now(), { possibleDuplicate: true });
    this.rendered.set(id, bytes);
    this.emitJob(id);
    this.kick();
    return this.mustGet(id);
  }

  /**
   * An explicit reprint of a printed or failed job, by a named staff member. `reprintNo` is
   * given when the document keeps its own count of copies (the Z report's); otherwise the
   * queue counts the reprints of the original.
   */
  /** `reasonNote`: the typed reason as a free_text note id (typed text never goes into the chained audit log). */
  reprint(jobId: number, req: { by: string; reasonNote?: number; reprintNo?: number }): PrintJob {
    const root = this.reprintable(jobId);
    const rootId = root.id;
    const reprintNo = req.reprintNo ?? this.store.lastReprintNo(rootId) + 1;
    const bytes = this.o.render(markDoc(this.mustDoc(rootId), { reprintNo, possibleDuplicate: false }));
    const at = this.o.clock.now();
    const id = this.store.insert({
      kind: root.kind,
      ref: root.ref,
      title: root.title,
      docJson: this.store.docJson(rootId)!,
      reprintOf: rootId,
      reprintNo,
      requestedBy: req.by,
      at,
    });
    this.rendered.set(id, bytes);
    this.audit({ type: 'print.reprint', at, jobId: id, originalId: rootId, reprintNo, by: req.by, reasonNote: req.reasonNote ?? null });
    this.emitJob(id);
    this.kick();
    return this.mustGet(id);
  }

  /** The retention purge: stored receipts of [from, before) lose their personal lines (job-store.ts). */
  purgePersonal(from: number, before: number): number {
    return this.store.purgePersonal(from, before);
  }

  /** The original a reprint of this job copies; refuses a job that does not exist or is still in the queue. */
  reprintable(jobId: number): PrintJob {
    const job = this.store.get(jobId);
    if (!job) {
      throw new BilingualError('PRINT_JOB_NOT_FOUND', `找不到打印任务 ${jobId}`, `Print job ${jobId} does not exist`, { jobId });
    }
    if (job.state === 'queued' || job.state === 'printing') {
      throw new BilingualError(
        'PRINT_JOB_PENDING',
        '该回单还在打印队列中，无需重印 — 请等待打印完成',
        'This receipt is still in the print queue; no reprint needed — wait for it to finish',
        { jobId },
      );
    }
    return this.mustGet(job.reprintOf ?? job.id);
  }

  /** Takes a job that has not started printing out of the queue. */
  cancel(jobId: number, by: string): PrintJob {
    const job = this.store.get(jobId);
    if (!job || job.state !== 'queued') {
      throw new BilingualError(
        'PRINT_JOB_NOT_CANCELLABLE',
        '只能取消排队中、尚未开始打印的任务',
        'Only a job still waiting in the queue can be cancelled',
        { jobId, state: job?.state ?? null },
      );
    }
    const at = this.o.clock.now();
    this.store.setState(jobId, 'failed', at, { reason: cancelledReason(), requestedBy: by });
    this.rendered.delete(jobId);
    this.audit({ type: 'print.cancelled', at, jobId, by });
    this.emitJob(jobId);
    return this.mustGet(jobId);
  }

  get(jobId: number): PrintJob | null {
    return this.store.get(jobId);
  }

  /**
   * The job first queued under this ref (an idempotency key): a receipt requested again after
   * a crash is found here instead of being printed twice.
   */
  originalByRef(ref: string): PrintJob | null {
    return this.store.originalByRef(ref);
  }

  /** Newest first, for the queue panel. */
  recent(limit = 50): PrintJob[] {
    return this.store.recent(limit);
  }

  /** Why the queue is not moving, or null. */
  get blockedReason(): ErrorShape | null {
    return this.blocked;
  }

  /** The doc as it goes on paper (with its marks), for the on-screen preview of a queued job. */
  docForPrint(jobId: number): ReceiptDoc | null {
    const job = this.store.get(jobId);
    const doc = job ? this.store.doc(jobId) : null;
    return job && doc ? markDoc(doc, job) : null;
  }

  /**
   * The printer was switched (another paper width or charset): bytes rendered for the old one
   * are dropped, and waiting jobs render again for the new one when their turn comes.
   */
  printerChanged(): void {
    this.rendered.clear();
  }

  /** Resolves when the job is printed or failed. */
  whenSettled(jobId: number): Promise<PrintJob> {
    const now = this.store.get(jobId);
    if (now && (now.state === 'printed' || now.state === 'failed')) return Promise.resolve(now);
    return new Promise((resolve) => {
      const off = this.onEvent((e) => {
        if (e.type === 'job' && e.job.id === jobId && (e.job.state === 'printed' || e.job.state === 'failed')) {
          off();
          resolve(e.job);
        }
      });
    });
  }

  /** Try the queue now (the UI's 重试 button; also called on every printer ready signal). */
  kick(): void {
    if (!this.started) return;
    // A kick while the loop runs is remembered, so a job enqueued as the loop finds the
    // queue empty is not left behind.
    this.again = true;
    if (this.pumping) return;
    this.pumping = (async () => {
      while (this.again && this.started) {
        this.again = false;
        await this.pump();
      }
    })().finally(() => {
      this.pumping = null;
    });
  }

  // ---- the loop ----------------------------------------------------------------------------

  private async pump(): Promise<void> {
    for (;;) {
      if (!this.started) return;
      const job = this.store.nextQueued();
      if (!job) return;
      const outcome = await this.printOne(job);
      if (outcome === 'blocked') return;
    }
  }

  private async printOne(job: PrintJob): Promise<'done' | 'blocked'> {
    let bytes: Uint8Array;
    try {
      // The bytes rendered at creation print unless the paper must now say 【可能重复】.
      const first = job.possibleDuplicate ? undefined : this.rendered.get(job.id);
      bytes = first ?? this.o.render(markDoc(this.mustDoc(job.id), job));
    } catch (e) {
      this.fail(job.id, toShape(e));
      return 'done';
    }
    this.store.startPrinting(job.id, this.o.clock.now());
    this.emitJob(job.id);
    try {
      await this.o.sink.print(job.id, bytes, {
        onWaiting: (reason) => {
          this.store.setReason(job.id, reason, this.o.clock.now());
          this.emitJob(job.id);
        },
        onResumed: () => {
          this.store.setReason(job.id, null, this.o.clock.now());
          this.emitJob(job.id);
        },
      });
    } catch (e) {
      return this.afterFailure(job.id, toShape(e));
    }
    const at = this.o.clock.now();
    this.store.setState(job.id, 'printed', at, { printedAt: at });
    this.rendered.delete(job.id);
    this.emitJob(job.id);
    this.unblock();
    return 'done';
  }

  private afterFailure(jobId: number, reason: ErrorShape): 'done' | 'blocked' {
    const at = this.o.clock.now();
    const bytesSent = reason.detail?.bytesSent === true;
    if (!PRINTER_CODES.has(reason.code)) {
      this.fail(jobId, reason);
      return 'done';
    }
    if (!bytesSent) {
      // Nothing reached the printer: the job simply waits for it, unmarked.
      this.store.setState(jobId, 'queued', at, { reason });
      this.emitJob(jobId);
      this.block(reason);
      return 'blocked';
    }
    if (UNCERTAIN_CODES.has(reason.code)) {
      this.store.setState(jobId, 'queued', at, { reason, possibleDuplicate: true });
      this.audit({ type: 'print.interrupted', at, jobId, cause: 'link' });
      this.emitJob(jobId);
      this.block(reason);
      return 'blocked';
    }
    this.fail(jobId, reason);
    return 'done';
  }

  private fail(jobId: number, reason: ErrorShape): void {
    const at = this.o.clock.now();
    this.store.setState(jobId, 'failed', at, { reason });
    this.rendered.delete(jobId);
    this.audit({ type: 'print.failed', at, jobId, code: reason.code });
    this.emitJob(jobId);
  }

  private block(reason: ErrorShape): void {
    this.blocked = reason;
    this.emit({ type: 'blocked', reason });
    if (this.retryTimer || !this.started) return;
    // The ready signal is the main path; this catches a printer that recovered unnoticed.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.o.retryMs ?? 5000);
    this.retryTimer.unref?.();
  }

  private unblock(): void {
    if (!this.blocked) return;
    this.blocked = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.emit({ type: 'unblocked' });
  }

  private mustDoc(id: number): ReceiptDoc {
    const doc = this.store.doc(id);
    if (!doc) throw new Error(`print job ${id} has no document`);
    return doc;
  }

  private mustGet(id: number): PrintJob {
    const j = this.store.get(id);
    if (!j) throw new Error(`print job ${id} vanished`);
    return j;
  }

  private emitJob(id: number): void {
    const job = this.store.get(id);
    if (job) this.emit({ type: 'job', job });
  }

  private emit(e: PrintQueueEvent): void {
    for (const cb of [...this.listeners]) {
      try {
        cb(e);
      } catch {
        // A listener's bug must not stop the queue.
      }
    }
  }

  private audit(e: PrintAuditEvent): void {
    try {
      this.o.onAudit?.(e);
    } catch {
      // The audit port failing must not lose a receipt; the audit log reports its own errors.
    }
  }
}

function toShape(e: unknown): ErrorShape {
  if (e instanceof BilingualError) return e.toShape();
  if (isErrorShape(e)) return e;
  return {
    code: 'PRINT_INTERNAL',
    message_zh: '打印时发生内部错误 — 请重试，仍不行请联系管理员',
    message_en: 'An internal error happened while printing — try again; if it persists contact the administrator',
    detail: { reason: e instanceof Error ? e.message : String(e) },
  };
}

function interruptedReason(): ErrorShape {
  return {
    code: 'PRINT_INTERRUPTED',
    message_zh: '上次打印被中断（程序重启），将补打并标注「可能重复」',
    message_en: 'The last print was interrupted (restart); it is sent again marked "possible duplicate"',
  };
}

function cancelledReason(): ErrorShape {
  return { code: 'PRINT_CANCELLED', message_zh: '已取消打印', message_en: 'Printing was cancelled' };
}
