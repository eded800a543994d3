/**
 * The Miaxis HID framing (VID:PID 10C4:0007), from public driver code; 64-byte reports.
 *
 *   request : 88 00 00 lenLo lenHi | CMD PARA DATA… | sumLo sumHi
 *   response: AA seqLo seqHi lenLo lenHi | up to 54 bytes of (SW3 DATA…) | sumLo sumHi
 *
 * len counts the bytes between the header and the sum (the whole message, across reports for
 * a response); sum16 is the additive sum of bytes 3 up to the sum. A long response is split
 * into reports numbered by seq from 0, each carrying its own sum, and reassembled by len.
 * The adapter translates to and from GA 467 frames, so the ID-card driver above sees the
 * same byte stream as on a serial port. Details are unverified against hardware: they are
 * kept in this one file.
 */
import { FrameDecoder, asRequest, encodeResponse, type Request } from '../idcard/frame';
import type { HidFraming } from './hid';

export const MIAXIS_VENDOR_ID = 0x10c4;
export const MIAXIS_PRODUCT_ID = 0x0007;
const REPORT = 64;
const REQUEST_TAG = 0x88;
const RESPONSE_TAG = 0xaa;
/** Message bytes per response report. */
export const MIAXIS_CHUNK = 54;

function sum16(bytes: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += bytes[i]!;
  return s & 0xffff;
}

/** Host side: one GA 467 request (cmd, para, data) as one output report. */
export function miaxisRequestReport(req: Request): Uint8Array {
  const msgLen = 2 + req.data.length;
  if (5 + msgLen + 2 > REPORT) throw new RangeError(`request too long for one report: ${msgLen} bytes`);
  const r = new Uint8Array(REPORT);
  r[0] = REQUEST_TAG;
  r[3] = msgLen & 0xff;
  r[4] = msgLen >> 8;
  r[5] = req.cmd;
  r[6] = req.para;
  r.set(req.data, 7);
  const s = sum16(r, 3, 5 + msgLen);
  r[5 + msgLen] = s & 0xff;
  r[6 + msgLen] = s >> 8;
  return r;
}

/** Device side (fakes, simulators): an output report back to the request; null if it is not one. */
export function parseMiaxisRequestReport(report: Uint8Array): Request | null {
  if (report.length < 7 || report[0] !== REQUEST_TAG) return null;
  const msgLen = report[3]! | (report[4]! << 8);
  if (msgLen < 2 || 7 + msgLen > report.length) return null;
  const s = report[5 + msgLen]! | (report[6 + msgLen]! << 8);
  if (sum16(report, 3, 5 + msgLen) !== s) return null;
  return { cmd: report[5]!, para: report[6]!, data: report.slice(7, 5 + msgLen) };
}

/** Device side: a status and its data as input reports. */
export function miaxisResponseReports(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array[] {
  const msg = new Uint8Array(1 + data.length);
  msg[0] = sw3;
  msg.set(data, 1);
  const reports: Uint8Array[] = [];
  for (let off = 0, seq = 0; off < msg.length || seq === 0; off += MIAXIS_CHUNK, seq++) {
    const chunk = msg.subarray(off, off + MIAXIS_CHUNK);
    const r = new Uint8Array(REPORT);
    r[0] = RESPONSE_TAG;
    r[1] = seq & 0xff;
    r[2] = seq >> 8;
    r[3] = msg.length & 0xff;
    r[4] = msg.length >> 8;
    r.set(chunk, 5);
    const s = sum16(r, 3, 5 + chunk.length);
    r[5 + chunk.length] = s & 0xff;
    r[6 + chunk.length] = s >> 8;
    reports.push(r);
  }
  return reports;
}

export const miaxisFraming: HidFraming = {
  name: 'miaxis',
  reportSize: REPORT,
  createEncoder() {
    const decoder = new FrameDecoder({ minLen: 3 });
    return (bytes) => {
      const out: Uint8Array[] = [];
      for (const ev of decoder.push(bytes)) {
        const req = ev.type === 'frame' ? asRequest(ev.body) : null;
        if (req) out.push(miaxisRequestReport(req));
      }
      return out;
    };
  },
  createDecoder() {
    let msg: Uint8Array | null = null;
    let got = 0;
    let nextSeq = 0;
    return (report) => {
      if (report.length < 7 || report[0] !== RESPONSE_TAG) return new Uint8Array(0);
      const seq = report[1]! | (report[2]! << 8);
      const total = report[3]! | (report[4]! << 8);
      if (seq === 0) {
        msg = total > 0 ? new Uint8Array(total) : null;
        got = 0;
        nextSeq = 0;
      }
      // Out of order, or the start was lost: drop the message; the driver's timeout answers for it.
      if (!msg || seq !== nextSeq || total !== msg.length) {
        msg = null;
        return new Uint8Array(0);
      }
      const n = Math.min(MIAXIS_CHUNK, total - got);
      if (5 + n + 2 > report.length) {
        msg = null;
        return new Uint8Array(0);
      }
      const s = report[5 + n]! | (report[6 + n]! << 8);
      if (sum16(report, 3, 5 + n) !== s) {
        msg = null;
        return new Uint8Array(0);
      }
      msg.set(report.subarray(5, 5 + n), got);
      got += n;
      nextSeq++;
      if (got < total) return new Uint8Array(0);
      const done = msg;
      msg = null;
      return encodeResponse(done[0]!, done.subarray(1));
    };
  },
};
