/**
 * Mapping anything that can go wrong in a method to the one error shape: the counter's
 * dispatcher (electron/core/rpc) and the hall page's (hall/page) answer bad input alike.
 */
import { z } from 'zod';
import { BilingualError, isErrorShape, type ErrorShape } from './errors';
import { PERSONAL_DATA_ISSUE } from './freeText';
import { INSTALL_ONLY_ISSUE } from './settings';

export function badRequest(what_zh: string, what_en: string, detail?: Record<string, unknown>): BilingualError {
  return new BilingualError('BAD_REQUEST', `请求格式错误：${what_zh}`, `Malformed request: ${what_en}`, detail);
}

/** zod issues as a short, readable list ("hall.counterId: …"), in English. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${pathOf(i)}: ${i.message}`)
    .join('; ');
}

function pathOf(i: z.core.$ZodIssue): string {
  return i.path.length ? i.path.join('.') : '(root)';
}

/** The same list in Chinese: what is wrong with each field, in words a clerk reads. */
export function describeIssuesZh(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${pathOf(i)}：${issueZh(i)}`)
    .join('；');
}

function issueZh(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      // zod leaves the input out of issues; its own message says when the value was missing.
      if (/received undefined/.test(i.message)) return '必填';
      return i.expected === 'int' ? '必须是整数' : `类型不对（应为${TYPE_ZH[i.expected] ?? i.expected}）`;
    case 'too_small':
      return i.origin === 'string' ? `太短（至少 ${String(i.minimum)} 个字符）` : i.origin === 'array' ? `至少需要 ${String(i.minimum)} 项` : `不能小于 ${String(i.minimum)}`;
    case 'too_big':
      return i.origin === 'string' ? `太长（最多 ${String(i.maximum)} 个字符）` : i.origin === 'array' ? `最多 ${String(i.maximum)} 项` : `不能大于 ${String(i.maximum)}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `只能是：${i.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的项：${i.keys.join('、')}`;
    case 'not_multiple_of':
      return '必须是整数';
    case 'invalid_union':
      return '不是允许的取值';
    default:
      return i.message;
  }
}

const TYPE_ZH: Record<string, string> = { string: '文字', number: '数字', boolean: '是/否', object: '对象', array: '列表', int: '整数' };

export function invalidInput(method: string, err: z.ZodError): BilingualError {
  const personal = err.issues.find((i): i is z.core.$ZodIssueCustom => i.code === 'custom' && i.params?.code === PERSONAL_DATA_ISSUE);
  if (personal) {
    // Its own code, so the screen can put the advice next to the field that holds the number.
    const p = personal.params as { kind: string; message_en: string };
    return new BilingualError(PERSONAL_DATA_ISSUE, `${pathOf(personal)}：${personal.message}`, `${pathOf(personal)}: ${p.message_en}`, {
      field: personal.path.map(String),
      kind: p.kind,
    });
  }
  const installOnly = err.issues.find((i): i is z.core.$ZodIssueCustom => i.code === 'custom' && i.params?.code === INSTALL_ONLY_ISSUE);
  if (installOnly) {
    // A key that names a program to run: refused as such, not as a typo.
    const p = installOnly.params as { message_en: string };
    return new BilingualError('SETTING_INSTALL_ONLY', `${pathOf(installOnly)}：${installOnly.message}`, `${pathOf(installOnly)}: ${p.message_en}`, {
      field: installOnly.path.map(String),
    });
  }
  const issues = describeIssues(err);
  return new BilingualError(
    'INVALID_INPUT',
    `输入内容不正确（${method}）：${describeIssuesZh(err)} — 请检查后重试`,
    `Invalid input for ${method}: ${issues} — check the values and try again`,
    { issues: err.issues.slice(0, 5).map((i) => ({ path: i.path.map(String), code: i.code })) },
  );
}

/** An unexpected exception: logged by the caller, answered with a generic message. */
export function toErrorShape(e: unknown): ErrorShape {
  if (e instanceof BilingualError) return e.toShape();
  if (isErrorShape(e)) {
    return { code: e.code, message_zh: e.message_zh, message_en: e.message_en };
  }
  return {
    code: 'INTERNAL',
    message_zh: '程序内部错误，操作未完成，已记录的数据不受影响 — 请重试；如反复出现请联系管理员',
    message_en: 'Internal error: the action did not complete and saved data is unaffected — try again; if it repeats, call the administrator',
  };
}
