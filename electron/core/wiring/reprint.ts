/**
 * The one reprint path (F8). Every copy after the first is approved by the duty manager
 * through the one approval policy (never the person asking) and printed by the queue with the
 * one mark, 【重印】第N次重印. A Z report keeps its own count of copies: its reprint is recorded on
 * the report through this path, and that count is the N on paper.
 */
import type { PrintQueue } from '../printing/queue';
import type { PrintJob } from '../../../base/contract/printing';
import { approve, type ApprovalCredentials, type ApproverVerifier } from '../staff/approvals';
import type { Till } from '../till';
import { zNoOfJob } from './zReport';

export const REPRINT_PURPOSE = { key: 'print.reprint', zh: '重印', en: 'Reprinting' } as const;

export interface ReprintDeps {
  approvals: ApproverVerifier;
  queue: PrintQueue;
  till: () => Till;
  /** Keeps a typed reason as a free_text note and returns its id (the audit entry cites the id, never the text). */
  note: (text: string) => number;
}

export function reprint(
  deps: ReprintDeps,
  input: { jobId: number; requester: { staffNo: string; counterId: string }; approval: ApprovalCredentials; reason?: string },
): PrintJob {
  // Whether the job may be reprinted at all is settled before the duty manager is asked.
  const original = deps.queue.reprintable(input.jobId);
  const approver = approve(deps.approvals, input.approval, { purpose: REPRINT_PURPOSE, requester: input.requester.staffNo, counterId: input.requester.counterId });
  const request = { by: approver.staffNo, ...(input.reason ? { reasonNote: deps.note(input.reason) } : {}) };
  const zNo = zNoOfJob(original);
  if (zNo === null) return deps.queue.reprint(original.id, request);
  const z = deps.till().recordZPrint({ zNo, staffNo: input.requester.staffNo, approvedBy: approver.staffNo });
  return deps.queue.reprint(original.id, { ...request, reprintNo: z.copy.copyNo ?? undefined });
}
