/**
 * The GA 467 commands this driver sends, with default timeouts from the notes' typical client
 * values. A timeout covers the reader's own work; the driver adds the wire time of the
 * expected reply at the port's baud rate, so slow links get proportionally longer.
 */
import { encodeRequest } from './frame';

export interface CommandDef {
  readonly name: CommandName;
  readonly cmd: number;
  readonly para: number;
  readonly data?: Uint8Array;
  /** Reader processing allowance (ms), before wire time. */
  readonly timeoutMs: number;
  /** Size of the longest expected reply frame, for the wire-time allowance. */
  readonly replyBytes: number;
  /** Human name for logs. */
  readonly label: string;
}

export type CommandName =
  | 'resetSam'
  | 'samStatus'
  | 'samId'
  | 'find'
  | 'select'
  | 'readTextPhoto'
  | 'readAddress'
  | 'readTextPhotoFingerprint';

export const COMMANDS: Record<CommandName, CommandDef> = {
  resetSam: { name: 'resetSam', cmd: 0x10, para: 0xff, timeoutMs: 1500, replyBytes: 11, label: 'reset SAM' },
  samStatus: { name: 'samStatus', cmd: 0x11, para: 0xff, timeoutMs: 300, replyBytes: 11, label: 'SAM status' },
  samId: { name: 'samId', cmd: 0x12, para: 0xff, timeoutMs: 300, replyBytes: 27, label: 'read SAM ID' },
  find: { name: 'find', cmd: 0x20, para: 0x01, timeoutMs: 500, replyBytes: 15, label: 'find card' },
  select: { name: 'select', cmd: 0x20, para: 0x02, timeoutMs: 500, replyBytes: 19, label: 'select card' },
  readTextPhoto: { name: 'readTextPhoto', cmd: 0x30, para: 0x01, timeoutMs: 1500, replyBytes: 1295, label: 'read text + photo' },
  readAddress: { name: 'readAddress', cmd: 0x30, para: 0x03, timeoutMs: 1000, replyBytes: 81, label: 'read appended address' },
  readTextPhotoFingerprint: {
    name: 'readTextPhotoFingerprint',
    cmd: 0x30,
    para: 0x10,
    timeoutMs: 3000,
    replyBytes: 2321,
    label: 'read text + photo + fingerprint',
  },
};

const BY_CODE = new Map(Object.values(COMMANDS).map((c) => [(c.cmd << 8) | c.para, c]));

export function commandByCode(cmd: number, para: number): CommandDef | undefined {
  return BY_CODE.get((cmd << 8) | para);
}

export function requestFrame(def: CommandDef): Uint8Array {
  return encodeRequest(def.cmd, def.para, def.data);
}

/** Wire time of n bytes on an 8N1 UART: 10 bits each. */
export function wireTimeMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}
