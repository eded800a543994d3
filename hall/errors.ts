/**
 * The hall's refusals, each in Chinese and English with the HTTP status it answers with.
 * One table, so the counter's sync client and the hall page show the same words.
 */
import { BilingualError } from '../base/contract/errors';
import type { HallErrorCode } from '../base/contract/replication';

const TABLE: Record<HallErrorCode, [number, string, string]> = {
  HALL_BAD_REQUEST: [400, '请求格式不正确', 'The request is malformed'],
  HALL_NOT_FOUND: [404, '大厅服务器没有这个接口', 'The hall server has no such method'],
  HALL_TOO_LARGE: [413, '请求过大，已拒绝（批次过大）', 'The request is too large and was refused (oversized batch)'],
  HALL_INTERNAL: [500, '大厅服务器内部错误，请稍后重试', 'Internal error on the hall server; try again later'],
  AUTH_MISSING: [401, '请求未签名：台席须先在大厅服务器登记', 'The request is not signed: the counter must enrol with the hall server first'],
  AUTH_UNKNOWN_COUNTER: [401, '未登记或已停用的台席，大厅服务器拒绝接收', 'Unknown or revoked counter: the hall server refuses it'],
  AUTH_BAD_SIGNATURE: [401, '签名不正确：密钥与登记的台席不符', "Bad signature: the key does not match the enrolled counter's"],
  AUTH_REPLAY: [401, '重复的请求（疑似重放），已拒绝', 'A repeated request (a replay) was refused'],
  AUTH_CLOCK: [401, '请求时间与大厅时间相差过大，已拒绝 — 请检查台席时钟', "The request's time is too far from the hall's time and was refused — check the counter's clock"],
  AUTH_COUNTER_MISMATCH: [403, '台席不能写入其他台席的记录', "A counter may not write another counter's records"],
  ENROL_BAD_CODE: [401, '登记码不正确（或连接被截获）— 请向管理员核对登记码', 'Wrong enrolment code (or the connection was intercepted) — check the code with the administrator'],
  ENROL_EXPIRED: [401, '登记码已过期 — 请管理员重新生成', 'The enrolment code has expired — ask the administrator for a new one'],
  ENROL_ALREADY: [409, '该台席已登记；如需更换电脑，请管理员先重新生成登记码', 'This counter is already enrolled; to replace its PC the administrator must issue a new code first'],
  REPLICATION_BAD_BATCH: [400, '同步批次内容不正确，已拒绝', 'The sync batch is invalid and was refused'],
  REPLICATION_TOO_LARGE: [413, '同步批次行数过多，已拒绝', 'The sync batch has too many rows and was refused'],
  REPLICATION_GAP: [409, '同步批次不连续：请从大厅期望的序号重新发送', 'The sync batch leaves a gap: resend from the sequence number the hall expects'],
  CONFIG_SINCE: [400, '配置版本参数不正确（应为 staff:N,catalog:N,calendar:N,till:N）', 'The configuration versions are malformed (expected staff:N,catalog:N,calendar:N,till:N)'],
};

export function hallError(code: HallErrorCode, detail?: Record<string, unknown>, extraZh = '', extraEn = ''): BilingualError {
  const [, zh, en] = TABLE[code];
  return new BilingualError(code, extraZh ? `${zh}：${extraZh}` : zh, extraEn ? `${en}: ${extraEn}` : en, detail);
}

export function httpStatusOf(code: string): number {
  return (TABLE as Record<string, [number, string, string]>)[code]?.[0] ?? 500;
}
