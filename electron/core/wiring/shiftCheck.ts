/**
 * 班前准备 as the counter runs it: the reader's SAM, the photo decoder the administrator installed,
 * the printer's paper and the till — open with its counted items, settled for the day, or not
 * open — gathered from the devices and the till, then judged and recorded by the journey's ShiftStart.
 */
import { businessDayOf } from '../../../base/calendar';
import type { ShiftCheckResult, ShiftStatus } from '../../../base/contract/journey';
import type { PhotoDecoderInfo } from '../../../base/contract/devices';
import type { IdCardDevice } from '../devices/idcardDevice';
import type { PrinterDevice } from '../devices/printerDevice';
import type { ShiftStart, TillForShift } from '../journey/shiftStart';
import type { CallerSession } from '../rpc/dispatcher';
import type { Till } from '../till';

/** The counter's till today: open (with the items counted at its opening), settled today, or neither. */
export function tillForShift(till: Till, who: Pick<CallerSession, 'counterId' | 'staffNo'>, now: number): TillForShift {
  const open = till.openSessionAt(who.counterId);
  if (open) return { state: 'open', sessionId: open.id, items: till.clerkView(open.id).openingItems };
  const last = till.closingSessionAt(who.counterId, who.staffNo);
  if (last && last.status === 'settled' && last.business_day === businessDayOf(now, till.settings.calendar.timeZone)) {
    let zNo: number | null = null;
    try {
      zNo = till.zNoOf(last.id);
    } catch {
      // A session settled but not yet handed over has no Z report yet.
    }
    return { state: 'settled', zNo };
  }
  return { state: 'none' };
}

export async function runShiftCheck(
  deps: { shift: ShiftStart; till: Till; reader: IdCardDevice; printer: PrinterDevice; photoDecoder: PhotoDecoderInfo; now: () => number },
  who: CallerSession,
): Promise<ShiftCheckResult> {
  const status = await deps.printer.driver.status().catch(() => null);
  return deps.shift.run({
    sessionId: who.sessionId,
    counterId: who.counterId,
    clerkId: who.staffNo,
    reader: await deps.reader.health(),
    photoDecoder: deps.photoDecoder,
    printer: status ? { online: status.online, paperOut: status.paperOut, paperLow: status.paperNearEnd } : null,
    till: tillForShift(deps.till, who, deps.now()),
  });
}

/** What the counter screen shows before a customer: the till's state today and this till session's check. */
export function shiftStatus(deps: { shift: ShiftStart; till: Till; now: () => number }, who: CallerSession): ShiftStatus {
  const till = tillForShift(deps.till, who, deps.now());
  return { ready: deps.shift.isReady(who.counterId), check: deps.shift.latest(who.counterId), till: till.state, zNo: till.state === 'settled' ? till.zNo : null };
}
