// The durable print queue over a temp SQLite database and a scripted printer.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { BilingualError, type ErrorShape } from '../../../base/contract/errors';
import { ManualClock } from '../../../base/clock';
import { PrintQueue } from '../../../electron/core/printing/queue';
import type { PrintJob } from '../../../base/contract/printing';
import type { PrintAuditEvent, PrintSink } from '../../../electron/core/printing/types';
import { openDatabase, type Db } from '../../../electron/core/storage/db';
import type { ReceiptDoc } from '../../../native/printer/doc';
import { disconnectedError, paperOutError, timeoutError } from '../../../native/printer/errors';
import { previewText } from '../../../native/printer/preview';

/** A printer whose answers the test scripts; records what it was sent (the test render is UTF-8 preview text). */
class ScriptedSink implements PrintSink {
  sent: { jobId: number; text: string }[] = [];
  /** What the next print calls do: 'ok' or an error to throw. */
  script: ('ok' | BilingualError)[] = [];
  private ready = new Set<() => void>();
  /** Set while a print call is in progress, to inspect the DB at that moment. */
  duringPrint: (() => void) | null = null;

  async print(jobId: number, bytes: Uint8Array): Promise<unknown> {
    this.duringPrint?.();
    this.sent.push({ jobId, text: new TextDecoder().decode(bytes) });
    const next = this.script.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return undefined;
  }
  onReady(cb: () => void): () => void {
    this.ready.add(cb);
    return () => this.ready.delete(cb);
  }
  becomeReady(): void {
    for (const cb of this.ready) cb();
  }
}

const doc: ReceiptDoc = {
  blocks: [
    { kind: 'text', text: '业务受理回单', align: 'center' },
    { kind: 'row', left: '合计', right: '￥10.00' },
    { kind: 'cut', mode: 'partial' },
  ],
};
// A render that keeps the text readable for assertions (the real one is encodeReceipt).
const render = (d: ReceiptDoc): Uint8Array => new TextEncoder().encode(previewText(d).join('\n'));

let dir: string;
let db: Db;
let clock: ManualClock;
let sink: ScriptedSink;
let audit: PrintAuditEvent[];
let queues: PrintQueue[];

function newQueue(): PrintQueue {
  const q = new PrintQueue({ db, sink, render, clock, onAudit: (e) => audit.push(e), retryMs: 60_000 });
  queues.push(q);
  return q;
}

function settled(q: PrintQueue, id: number): Promise<PrintJob> {
  return q.whenSettled(id);
}

function nextBlocked(q: PrintQueue): Promise<ErrorShape> {
  return new Promise((resolve) => {
    const off = q.onEvent((e) => {
      if (e.type === 'blocked') {
        off();
        resolve(e.reason);
      }
    });
  });
}

beforeEach(() => {
  dir = tempDir('cd-printq-');
  db = openDatabase({ dataDir: dir }).db;
  clock = new ManualClock(Date.UTC(2024, 4, 1, 2));
  sink = new ScriptedSink();
  audit = [];
  queues = [];
});

afterEach(async () => {
  for (const q of queues) await q.stop();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PrintQueue', () => {
  it('stores the job before the first byte and marks it printing while it is sent', async () => {
    const q = newQueue();
    const seen: string[] = [];
    sink.duringPrint = () => {
      const row = db.prepare('SELECT state FROM print_jobs').get() as { state: string };
      seen.push(row.state);
    };
    q.start();
    const job = q.enqueue({ kind: 'customer_receipt', title: '回单 BJ-1', ref: 'BJ-1', doc });
    const done = await settled(q, job.id);
    expect(seen).toEqual(['printing']);
    expect(done).toMatchObject({ state: 'printed', attempts: 1, reprintNo: 0, possibleDuplicate: false, printedAt: clock.now() });
    expect(sink.sent[0]!.text).not.toContain('重印');
  });

  it('emits every state change for the UI', async () => {
    const q = newQueue();
    const states: string[] = [];
    q.onEvent((e) => e.type === 'job' && states.push(e.job.state));
    q.start();
    const job = q.enqueue({ kind: 'k', title: 't', doc });
    await settled(q, job.id);
    expect(states).toEqual(['queued', 'printing', 'printed']);
  });

  it('a new copy of a receipt whose job failed after bytes went out prints marked 【可能重复】', async () => {
    const q = newQueue();
    q.start();
    const job = q.enqueue({ kind: 'customer_receipt', title: '回单', ref: 'J1:receipt#2', doc, possibleDuplicate: true });
    expect(job.possibleDuplicate).toBe(true);
    const done = await settled(q, job.id);
    expect(done).toMatchObject({ state: 'printed', possibleDuplicate: true, reprintNo: 0 });
    expect(sink.sent[0]!.text).toContain('【可能重复】');
  });


  it('in training mode everything enqueued prints 培训练习 — 无效 (a Z report too), and so do its reprints; out of it, nothing does', async () => {
    let training = true;
    const q = new PrintQueue({ db, sink, render, clock, training: () => training });
    queues.push(q);
    q.start();
    const zDoc: ReceiptDoc = { blocks: [{ kind: 'text', text: '结账报表' }, { kind: 'cut', mode: 'full' }] };
    const z = q.enqueue({ kind: 'settlement_report', title: '结账单 Z1', ref: 'Z1:0', doc: zDoc });
    await settled(q, z.id);
    const lines = sink.sent[0]!.text.split('\n');
    expect(lines.filter((l) => l.includes('培训练习 — 无效'))).toHaveLength(2);
    expect(lines.findIndex((l) => l.includes('培训练习 — 无效'))).toBeLessThan(lines.findIndex((l) => l.includes('结账报表')));
    expect(q.docForPrint(z.id)!.blocks[0]).toMatchObject({ kind: 'text', text: '培训练习 — 无效' });
    // A receipt its template already marked is not marked twice.
    const marked = q.enqueue({ kind: 'customer_receipt', title: '回单', ref: 'J2', doc: { blocks: [{ kind: 'text', text: '培训练习 — 无效' }, ...doc.blocks] } });
    await settled(q, marked.id);
    expect(sink.sent[1]!.text.split('\n').filter((l) => l.includes('培训练习 — 无效'))).toHaveLength(1);
    // Leaving training mode does not make a training slip real: its reprint still says so.
    training = false;
    const again = q.reprint(z.id, { by: 'ZB0001' });
    await settled(q, again.id);
    expect(sink.sent[2]!.text).toContain('培训练习 — 无效');
    const real = q.enqueue({ kind: 'customer_receipt', title: '回单', ref: 'J3', doc });
    await settled(q, real.id);
    expect(sink.sent[3]!.text).not.toContain('培训练习');
  });
  it('refuses an unprintable receipt without storing it', () => {
    const q = newQueue();
    const bad: ReceiptDoc = { blocks: [{ kind: 'text', text: '😀' }] };
    expect(q.blockedReason).toBeNull();
    const strict = new PrintQueue({
      db,
      sink,
      clock,
      render: () => {
        throw new BilingualError('PRINTER_UNPRINTABLE_CHAR', '无法打印', 'cannot print');
      },
    });
    expect(() => strict.enqueue({ kind: 'k', title: 't', doc: bad })).toThrow(BilingualError);
    expect(db.prepare('SELECT COUNT(*) AS n FROM print_jobs').get()).toEqual({ n: 0 });
  });

  it('paper out before a job: stays queued unmarked, prints when the printer is ready', async () => {
    const q = newQueue();
    sink.script = [paperOutError(false)];
    q.start();
    const blocked = nextBlocked(q);
    const job = q.enqueue({ kind: 'k', title: 't', doc });
    expect((await blocked).code).toBe('PRINTER_PAPER_OUT');
    expect(q.get(job.id)).toMatchObject({ state: 'queued', possibleDuplicate: false, reason: { code: 'PRINTER_PAPER_OUT' } });
    sink.becomeReady();
    const done = await settled(q, job.id);
    expect(done).toMatchObject({ state: 'printed', possibleDuplicate: false, reason: null, attempts: 2 });
    expect(sink.sent[1]!.text).not.toContain('可能重复');
  });

  it('link lost mid-job: re-sent after reconnect marked 可能重复, audited', async () => {
    const q = newQueue();
    sink.script = [disconnectedError(true)];
    q.start();
    const blocked = nextBlocked(q);
    const job = q.enqueue({ kind: 'k', title: 't', doc });
    await blocked;
    expect(q.get(job.id)).toMatchObject({ state: 'queued', possibleDuplicate: true });
    sink.becomeReady();
    await settled(q, job.id);
    expect(sink.sent.map((s) => s.text.includes('【可能重复】'))).toEqual([false, true]);
    expect(audit).toContainEqual(expect.objectContaining({ type: 'print.interrupted', jobId: job.id, cause: 'link' }));
  });

  it('a printer that never confirms fails the job; no automatic re-send', async () => {
    const q = newQueue();
    sink.script = [timeoutError(true, 'confirm')];
    q.start();
    const job = q.enqueue({ kind: 'k', title: 't', doc });
    const done = await settled(q, job.id);
    expect(done).toMatchObject({ state: 'failed', reason: { code: 'PRINTER_TIMEOUT' } });
    expect(sink.sent).toHaveLength(1);
    expect(audit).toContainEqual(expect.objectContaining({ type: 'print.failed', code: 'PRINTER_TIMEOUT' }));
  });

  it('reprint is explicit, numbered 第N次重印 on paper, linked to the original and audited', async () => {
    const q = newQueue();
    q.start();
    const orig = q.enqueue({ kind: 'customer_receipt', title: '回单', ref: 'BJ-9', doc });
    await settled(q, orig.id);
    const r1 = q.reprint(orig.id, { by: 'ZB0001', reasonNote: 7 });
    await settled(q, r1.id);
    // Reprinting a reprint counts from the same original.
    const r2 = q.reprint(r1.id, { by: 'ZB0001' });
    await settled(q, r2.id);
    expect([r1.reprintOf, r1.reprintNo, r2.reprintOf, r2.reprintNo]).toEqual([orig.id, 1, orig.id, 2]);
    expect(sink.sent[1]!.text).toContain('【重印】第1次重印');
    expect(sink.sent[2]!.text).toContain('【重印】第2次重印');
    expect(audit.filter((e) => e.type === 'print.reprint')).toEqual([
      { type: 'print.reprint', at: clock.now(), jobId: r1.id, originalId: orig.id, reprintNo: 1, by: 'ZB0001', reasonNote: 7 },
      { type: 'print.reprint', at: clock.now(), jobId: r2.id, originalId: orig.id, reprintNo: 2, by: 'ZB0001', reasonNote: null },
    ]);
  });

  it('a job still in the queue cannot be reprinted; a queued job can be cancelled', async () => {
    const q = newQueue(); // not started: jobs stay queued
    const job = q.enqueue({ kind: 'k', title: 't', doc });
    expect(() => q.reprint(job.id, { by: 'x' })).toThrow(/PRINT_JOB_PENDING/);
    expect(q.cancel(job.id, 'YY0217')).toMatchObject({ state: 'failed', reason: { code: 'PRINT_CANCELLED' }, requestedBy: 'YY0217' });
    expect(() => q.cancel(job.id, 'YY0217')).toThrow(/PRINT_JOB_NOT_CANCELLABLE/);
  });

  it('restart: a job found printing is neither lost nor re-sent unmarked', async () => {
    // First run: the job is marked printing, then the process "dies" before the confirm.
    const first = newQueue();
    // The first run's printer never answers: the process dies while the job is on the wire.
    sink.print = () => new Promise<unknown>(() => undefined);
    first.start();
    const job = first.enqueue({ kind: 'k', title: 't', doc });
    await new Promise<void>((resolve) => first.onEvent((e) => e.type === 'job' && e.job.state === 'printing' && resolve()));
    expect(first.get(job.id)?.state).toBe('printing');
    // Simulate the crash: a new queue over the same database while the row says 'printing'.
    const stored = db.prepare('SELECT state FROM print_jobs WHERE id = ?').get(job.id);
    expect(stored).toEqual({ state: 'printing' });
    queues.splice(queues.indexOf(first), 1);
    void first.stop();
    sink = new ScriptedSink();
    const second = newQueue();
    second.start();
    const done = await settled(second, job.id);
    expect(done).toMatchObject({ state: 'printed', possibleDuplicate: true, attempts: 2 });
    expect(sink.sent).toHaveLength(1);
    expect(sink.sent[0]!.text).toContain('【可能重复】');
    expect(audit).toContainEqual(expect.objectContaining({ type: 'print.interrupted', jobId: job.id, cause: 'restart' }));
  });

  it('renders a document once: the bytes checked at enqueue print; a 可能重复 copy or another printer renders again', async () => {
    const rendered: string[] = [];
    const counting = (d: ReceiptDoc): Uint8Array => {
      rendered.push(previewText(d).join('\n'));
      return render(d);
    };
    const q = new PrintQueue({ db, sink, render: counting, clock, retryMs: 60_000 });
    queues.push(q);
    q.start();
    const a = q.enqueue({ kind: 'k', title: 'a', doc });
    await settled(q, a.id);
    expect(rendered).toHaveLength(1);
    expect(sink.sent[0]!.text).toBe(rendered[0]);

    // The link drops mid-job: the copy that goes out again must say so, so it is rendered with the mark.
    sink.script = [disconnectedError(true)];
    const blocked = nextBlocked(q);
    const b = q.enqueue({ kind: 'k', title: 'b', doc });
    await blocked;
    sink.becomeReady();
    await settled(q, b.id);
    expect(rendered).toHaveLength(3);
    expect(rendered[2]).toContain('【可能重复】');

    // A job waiting while the printer is switched prints as the new printer renders it.
    sink.script = [paperOutError(false)];
    const waiting = nextBlocked(q);
    const c = q.enqueue({ kind: 'k', title: 'c', doc });
    await waiting;
    q.printerChanged();
    sink.becomeReady();
    await settled(q, c.id);
    expect(rendered).toHaveLength(5);
  });

  it('jobs print in order, one at a time', async () => {
    const q = newQueue();
    q.start();
    const ids = [1, 2, 3].map((n) => q.enqueue({ kind: 'k', title: `t${n}`, doc }).id);
    await settled(q, ids[2]!);
    expect(sink.sent.map((s) => s.jobId)).toEqual(ids);
    expect(q.recent().map((j) => j.state)).toEqual(['printed', 'printed', 'printed']);
  });
});
