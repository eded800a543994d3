/**
 * The one error shape that crosses every boundary (IPC, HTTP, CLI output).
 * Pure TypeScript: imported by core, native, host, shell and renderer alike.
 */
export interface ErrorShape {
  code: string;
  message_zh: string;
  message_en: string;
  /** Optional machine-readable detail (never personal data). */
  detail?: Record<string, unknown>;
}

/** An error that already knows how to say itself in Chinese and English. */
export class BilingualError extends Error implements ErrorShape {
  readonly code: string;
  readonly message_zh: string;
  readonly message_en: string;
  readonly detail?: Record<string, unknown>;

  constructor(code: string, message_zh: string, message_en: string, detail?: Record<string, unknown>) {
    super(`${code}: ${message_en}`);
    this.name = 'BilingualError';
    this.code = code;
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
