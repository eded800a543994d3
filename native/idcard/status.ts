/**
 * SW3, the module's status byte, and the typed bilingual error for each non-success value.
 */
import { BilingualError } from '../../base/contract/errors';

export const SW3 = {
  OK: 0x90,
  NO_CONTENT: 0x91,
  FIND_OK: 0x9f,
  CHECKSUM_ERROR: 0x10,
  LENGTH_ERROR: 0x11,
  COMMAND_ERROR: 0x21,
  UNAUTHORISED_OPERATION: 0x23,
  UNRECOGNISED_ERROR: 0x24,
  CARD_AUTH_SAM_FAILED: 0x31,
  SAM_AUTH_CARD_FAILED: 0x32,
  VERIFY_FAILED: 0x33,
  FINGERPRINT_ERROR: 0x37,
  INFO_LENGTH_ERROR: 0x3f,
  UNKNOWN_CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SAM_SELF_TEST_FAILED: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;

export interface StatusInfo {
  sw3: number;
  /** Stable error code (also the key the UI translates by). */
  code: string;
  zh: string;
  en: string;
}

const TABLE: StatusInfo[] = [
  { sw3: 0x90, code: 'IDCARD_OK', zh: '操作成功', en: 'success' },
  { sw3: 0x91, code: 'IDCARD_NO_CONTENT', zh: '证/卡中无此项内容', en: 'the card holds no content for this item' },
  { sw3: 0x9f, code: 'IDCARD_FIND_OK', zh: '寻找证/卡成功', en: 'card found' },
  { sw3: 0x10, code: 'IDCARD_CHECKSUM_ERROR', zh: '读卡器收到的命令校验和错误', en: 'the reader received a command with a wrong checksum' },
  { sw3: 0x11, code: 'IDCARD_LENGTH_ERROR', zh: '读卡器收到的命令长度错误', en: 'the reader received a command with a wrong length' },
  { sw3: 0x21, code: 'IDCARD_COMMAND_ERROR', zh: '读卡器不认识该命令', en: 'the reader does not know this command' },
  { sw3: 0x23, code: 'IDCARD_UNAUTHORISED_OPERATION', zh: '越权操作', en: 'unauthorised operation' },
  { sw3: 0x24, code: 'IDCARD_UNRECOGNISED_ERROR', zh: '读卡器报告无法识别的错误', en: 'the reader reported an unrecognised error' },
  { sw3: 0x31, code: 'IDCARD_CARD_AUTH_SAM_FAILED', zh: '证/卡认证安全模块失败，请重新放置证件', en: 'the card failed to authenticate the security module: place the card again' },
  { sw3: 0x32, code: 'IDCARD_SAM_AUTH_CARD_FAILED', zh: '安全模块认证证/卡失败，证件可能不是真证', en: 'the security module failed to authenticate the card: it may not be genuine' },
  { sw3: 0x33, code: 'IDCARD_VERIFY_FAILED', zh: '信息验证错误', en: 'information verification failed' },
  { sw3: 0x37, code: 'IDCARD_FINGERPRINT_ERROR', zh: '指纹信息验证错误', en: 'fingerprint data verification failed' },
  { sw3: 0x3f, code: 'IDCARD_INFO_LENGTH_ERROR', zh: '信息长度错误', en: 'information length error' },
  { sw3: 0x40, code: 'IDCARD_UNKNOWN_CARD_TYPE', zh: '无法识别的证/卡类型', en: 'unrecognised card type' },
  { sw3: 0x41, code: 'IDCARD_READ_FAILED', zh: '读证/卡失败，请将证件放稳后重试', en: 'reading the card failed: hold it still on the reader and try again' },
  { sw3: 0x47, code: 'IDCARD_RANDOM_FAILED', zh: '取随机数失败', en: 'getting a random number from the card failed' },
  { sw3: 0x60, code: 'IDCARD_SAM_SELF_TEST_FAILED', zh: '安全模块自检失败，读卡器需要维修', en: 'the security module failed its self-test: the reader needs service' },
  { sw3: 0x66, code: 'IDCARD_SAM_NOT_AUTHORISED', zh: '安全模块未经授权，无法读证', en: 'the security module is not authorised: the reader cannot read cards' },
  { sw3: 0x80, code: 'IDCARD_FIND_FAILED', zh: '未找到证件', en: 'no card found on the reader' },
  { sw3: 0x81, code: 'IDCARD_SELECT_FAILED', zh: '选取证件失败，请将证件放稳', en: 'selecting the card failed: hold it still on the reader' },
];

const BY_SW3 = new Map(TABLE.map((s) => [s.sw3, s]));

/** Every SW3 the notes list. */
export const KNOWN_SW3: readonly number[] = TABLE.map((s) => s.sw3);

export function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

export function statusInfo(sw3: number): StatusInfo {
  return (
    BY_SW3.get(sw3) ?? {
      sw3,
      code: 'IDCARD_STATUS_UNKNOWN',
      zh: `读卡器返回未知状态 ${hex2(sw3)}`,
      en: `the reader returned an unknown status ${hex2(sw3)}`,
    }
  );
}

export function isKnownStatus(sw3: number): boolean {
  return BY_SW3.has(sw3);
}

/** The typed error for a status the caller did not expect. */
export function statusError(sw3: number, command?: string): BilingualError {
  const s = statusInfo(sw3);
  const detail: Record<string, unknown> = { sw3: `0x${hex2(sw3)}` };
  if (command) detail.command = command;
  return new BilingualError(s.code, s.zh, s.en, detail);
}

/** SAM faults are states of the device, not of one card. */
export function isSamFault(sw3: number): boolean {
  return sw3 === SW3.SAM_SELF_TEST_FAILED || sw3 === SW3.SAM_NOT_AUTHORISED;
}
