/**
 * Who may read a print job on screen (print.preview): the duty manager any job; a clerk the
 * receipts of journeys at her own counter and the Z reports of her own counter (or her own
 * till), never another counter's — a Z report names staff and sums, a receipt a customer.
 */
import { BilingualError } from '../../../base/contract/errors';
import { MANAGER_ROLES, roleMay } from '../../../base/contract/roles';
import type { PrintJob } from '../../../base/contract/printing';
import type { CallerSession } from '../rpc/dispatcher';
import { sameStaff } from '../staff/approvals';
import type { Till } from '../till';
import { zNoOfJob } from './zReport';

export interface PrintScopeDeps {
  job(jobId: number): PrintJob | null;
  till: Till;
  /** The counter a journey ran at (null once it is gone). */
  journeyCounter(journeyId: string): string | null;
}

export function requireMayReadJob(deps: PrintScopeDeps, who: CallerSession, jobId: number): void {
  if (roleMay(who.role, MANAGER_ROLES)) return;
  const job = deps.job(jobId);
  if (!job) return; // the caller answers "not found" itself
  const root = job.reprintOf !== null ? (deps.job(job.reprintOf) ?? job) : job;
  const zNo = zNoOfJob(root);
  let ok: boolean;
  if (zNo !== null) {
    const z = deps.till.zCounterOf(zNo);
    ok = z.counterId === who.counterId || sameStaff(z.owner, who.staffNo);
  } else if (root.kind === 'customer_receipt' && root.ref) {
    ok = deps.journeyCounter(root.ref.split(':')[0]!) === who.counterId;
  } else {
    ok = root.kind === 'test';
  }
  if (!ok) {
    throw new BilingualError('PRINT_JOB_NOT_YOURS', `打印任务 ${jobId} 不属于本台席，营业员只能查看本台席的回单和结账报表`, `Print job ${jobId} is not this counter's; a clerk may read her own counter's receipts and Z reports only`, { jobId });
  }
}
