/**
 * The one error shape that crosses every boundary (IPC, HTTP, CLI output), with its code from
 * the one list of codes (errorCodes.ts). Imported by core, native, host, shell and renderer alike.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errorCodes';

export type { ErrorCode } from './errorCodes';
export { isErrorCode } from './errorCodes';

export interface ErrorShape {
  code: ErrorCode;
  message_zh: string;
  message_en: string;
  /** Optional machine-readable detail (never personal data). */
  detail?: Record<string, unknown>;
}

/** The error shape inside method outputs (a failed payment, a print job's reason). */
export const errorShape = z.object({ code: z.enum(ERROR_CODES), message_zh: z.string(), message_en: z.string() });

/**
 * A code written as a literal must be in the list; a code read from a table typed `string`
 * (the reader's SW3 table) cannot be checked by the compiler, and a test checks that table.
 */
type Checked<C extends string> = string extends C ? C : C extends ErrorCode ? C : ErrorCode;

/** An error that already knows how to say itself in Chinese and English. */
export class BilingualError<C extends string = ErrorCode> extends Error implements ErrorShape {
  readonly code: ErrorCode;
  readonly message_zh: string;
  readonly message_en: string;
  readonly detail?: Record<string, unknown>;

  constructor(code: Checked<C>, message_zh: string, message_en: string, detail?: Record<string, unknown>) {
    super(`${code}: ${message_en}`);
    this.name = 'BilingualError';
    this.code = code as ErrorCode;
    this.message_zh = message_zh;
    this.message_en = message_en;
    if (detail !== undefined) this.detail = detail;
  }

  toShape(): ErrorShape {
    const s: ErrorShape = { code: this.code, message_zh: this.message_zh, message_en: this.message_en };
    if (this.detail !== undefined) s.detail = this.detail;
    return s;
  }
}

export function isErrorShape(v: unknown): v is ErrorShape {
  return (
    typeof v === 'object' && v !== null &&
    typeof (v as ErrorShape).code === 'string' &&
    typeof (v as ErrorShape).message_zh === 'string' &&
    typeof (v as ErrorShape).message_en === 'string'
  );
}

/** Whether an error (thrown, or a shape) carries one of these codes. */
export function hasCode(e: unknown, ...codes: ErrorCode[]): boolean {
  const shape = e instanceof Error && 'shape' in e && isErrorShape(e.shape) ? e.shape : e;
  return isErrorShape(shape) && codes.includes(shape.code);
}
