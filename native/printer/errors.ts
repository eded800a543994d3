/**
 * The printer's typed errors, each in Chinese and English with what to do.
 * `detail.bytesSent` tells the print queue whether any byte of the job reached the printer:
 * false → the job can simply be sent again; true → the outcome is unknown.
 */
import { BilingualError } from '../../base/contract/errors';
import type { PrinterErrorCode } from '../../base/contract/errorCodes';
import type { PrinterStatus } from './status';

function err(code: PrinterErrorCode, zh: string, en: string, detail: Record<string, unknown>): BilingualError {
  return new BilingualError(code, zh, en, detail);
}

export function paperOutError(bytesSent = false): BilingualError {
  return err('PRINTER_PAPER_OUT', '打印机缺纸 — 请装入新纸卷并合上上盖，回单会自动继续打印', 'The printer is out of paper — load a new roll and close the cover; the receipt continues by itself', { bytesSent });
}

export function coverOpenError(bytesSent = false): BilingualError {
  return err('PRINTER_COVER_OPEN', '打印机上盖未合上 — 请合上上盖，回单会自动继续打印', 'The printer cover is open — close it; the receipt continues by itself', { bytesSent });
}

export function offlineError(bytesSent = false): BilingualError {
  return err('PRINTER_OFFLINE', '打印机处于离线状态 — 请检查电源指示灯和纸卷，必要时按一下走纸键', 'The printer is offline — check its power light and paper roll; press FEED if needed', { bytesSent });
}

export function cutterError(bytesSent = false): BilingualError {
  return err('PRINTER_CUTTER_ERROR', '打印机切刀故障 — 请关闭电源，取出卡纸后重新开机', 'The printer cutter is jammed — switch the printer off, clear the paper and switch it on again', { bytesSent });
}

export function faultError(bytesSent = false): BilingualError {
  return err('PRINTER_FAULT', '打印机报告硬件故障 — 请重启打印机，仍不行请联系维修', 'The printer reports a hardware fault — restart it; if it persists call for service', { bytesSent });
}

export function timeoutError(bytesSent: boolean, what: 'status' | 'confirm'): BilingualError {
  return what === 'status'
    ? err('PRINTER_TIMEOUT', '打印机没有应答 — 请检查打印机电源和数据线', 'The printer does not answer — check its power and cable', { bytesSent, what })
    : err('PRINTER_TIMEOUT', '打印机未确认打印完成 — 请查看是否已出纸；如未出纸请重印', 'The printer did not confirm the receipt — check whether it came out; if not, reprint it', { bytesSent, what });
}

export function disconnectedError(bytesSent = false): BilingualError {
  return err('PRINTER_DISCONNECTED', '打印机连接已断开 — 请检查数据线，重新连接后会自动恢复', 'The printer link is gone — check the cable; it reconnects by itself', { bytesSent });
}

export function notFoundError(port: string, reason: string): BilingualError {
  return err('PRINTER_NOT_FOUND', `找不到打印机端口 ${port} — 请检查数据线和设置中的端口`, `Cannot open the printer port ${port} — check the cable and the port in settings`, { port, reason, bytesSent: false });
}

export function badReplyError(bytes: number[]): BilingualError {
  return err('PRINTER_BAD_REPLY', '打印机应答无法识别 — 请确认端口连接的是小票打印机，且波特率设置正确', 'The printer reply is not understood — check the port is a receipt printer and the baud rate is right', { bytes, bytesSent: false });
}

/** The error that keeps a job from printing in this status, or null when it may print. */
export function errorForStatus(s: PrinterStatus, bytesSent = false): BilingualError | null {
  if (s.coverOpen) return coverOpenError(bytesSent);
  if (s.paperOut) return paperOutError(bytesSent);
  if (s.cutterError) return cutterError(bytesSent);
  if (s.unrecoverableError) return faultError(bytesSent);
  if (!s.online || s.recoverableError) return offlineError(bytesSent);
  return null;
}
