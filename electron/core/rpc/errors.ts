/** Mapping anything that can go wrong in a method to the one error shape. */
import { z } from 'zod';
import { BilingualError, isErrorShape, type ErrorShape } from '../../contract/errors';

export function badRequest(what_zh: string, what_en: string, detail?: Record<string, unknown>): BilingualError {
  return new BilingualError('BAD_REQUEST', `请求格式错误：${what_zh}`, `Malformed request: ${what_en}`, detail);
}

/** zod issues as a short, readable list ("hall.counterId: …"), for both languages. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function invalidInput(method: string, err: z.ZodError): BilingualError {
  const issues = describeIssues(err);
  return new BilingualError(
    'INVALID_INPUT',
    `输入内容不正确（${method}）：${issues} — 请检查后重试`,
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
