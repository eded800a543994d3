/**
 * 班前准备 as the counter runs it: the reader's SAM, the photo decoder the administrator installed, the printer's paper and the items counted
 * at the till's open, gathered from the devices and the till, then judged and recorded by the
 * journey's ShiftStart.
 */
import type { ShiftCheckResult } from '../../../base/contract/journey';
import type { PhotoDecoderInfo } from '../../../base/contract/devices';
import type { IdCardDevice } from '../devices/idcardDevice';
import type { PrinterDevice } from '../devices/printerDevice';
import type { ShiftStart } from '../journey/shiftStart';
import type { CallerSession } from '../rpc/dispatcher';
import type { Till } from '../till';

export async function runShiftCheck(
  deps: { shift: ShiftStart; till: Till; reader: IdCardDevice; printer: PrinterDevice; photoDecoder: PhotoDecoderInfo },
  who: CallerSession,
): Promise<ShiftCheckResult> {
  const status = await deps.printer.driver.status().catch(() => null);
  const open = deps.till.openSessionAt(who.counterId);
  return deps.shift.run({
    sessionId: who.sessionId,
    counterId: who.counterId,
    clerkId: who.staffNo,
    reader: await deps.reader.health(),
    photoDecoder: deps.photoDecoder,
    printer: status ? { online: status.online, paperOut: status.paperOut, paperLow: status.paperNearEnd } : null,
    counterItems: open ? deps.till.clerkView(open.id).openingItems : null,
  });
}
