/** print.* and printer.test: the queue the clerk sees, retries and approved reprints. */
import { BilingualError } from '../../../base/contract/errors';
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Domain, type Services } from '../services';
import { previewText } from '../../../native/printer/preview';
import { testReceipt } from '../../../native/printer/templates/test-receipt';
import { caller } from './caller';
import { requireMayReadJob } from '../wiring/printScope';

type H = Pick<Handlers, 'print.queue' | 'print.retry' | 'print.reprint' | 'print.preview' | 'printer.test'>;

function queueView(d: Domain) {
  const q = d.printing.queue;
  const jobs = q.recent(30);
  // Failed jobs first: they are what the clerk must act on.
  jobs.sort((a, b) => Number(b.state === 'failed') - Number(a.state === 'failed') || b.id - a.id);
  return { jobs, blocked: q.blockedReason };
}

export function printHandlers(s: Services): H {
  return {
    'print.queue': () => queueView(domainOf(s)),
    'print.retry': () => {
      const d = domainOf(s);
      d.printing.queue.kick();
      return queueView(d);
    },
    'print.reprint': (i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      const job = d.reprint({ jobId: i.jobId, requester: who, approval: i.approval, ...(i.reason ? { reason: i.reason } : {}) });
      s.bus.emit('print.changed', { jobId: job.id });
      return job;
    },
    'print.preview': (i, ctx) => {
      const d = domainOf(s);
      requireMayReadJob(
        { job: (id) => d.printing.queue.get(id), till: d.till(), journeyCounter: (id) => d.journeys.get(id)?.counterId ?? null },
        caller(ctx), i.jobId,
      );
      const doc = d.printing.queue.docForPrint(i.jobId);
      if (!doc) throw new BilingualError('PRINT_JOB_NOT_FOUND', `找不到打印任务 ${i.jobId}`, `Print job ${i.jobId} does not exist`);
      return { lines: previewText(doc, d.printing.device.model) };
    },
    'printer.test': () => {
      const d = domainOf(s);
      const job = d.printing.queue.enqueue({
        kind: 'test',
        title: '测试打印 / test print',
        ref: null,
        doc: testReceipt({ at: s.clock.now(), link: d.printing.device.driver.snapshot.link, timeZone: s.settings.get().hall.timeZone, training: s.devices.get().trainingMode }),
      });
      return job;
    },
  };
}
