/**
 * The audit log is kept for years and shown to duty managers: it must never hold personal
 * data. This guard refuses a detail that carries an ID number, a photo, or a field whose
 * name says it is personal. It is a net for mistakes, not a licence to pass customer data.
 */
import { BilingualError } from '../../../base/contract/errors';
import { containsIdNumber } from '../privacy/idPattern';

/** Field names that are personal data by definition, whatever their value looks like. */
const PERSONAL_KEY = /^(id_?(number|no|card)|idno|cert_?no|photo|portrait|image|wlt|address|customer_?name|birth(day|date)?)$/i;
/** Base64 of a JPEG / PNG / BMP header, or a data URL: how a photo shows up as text. */
const PHOTO_TEXT = /^(data:image\/|\/9j\/|iVBORw0KGgo|Qk[0-9A-Za-z+/]{2})/;
/** Long unbroken base64 is binary content (a photo, a WLT block), never an audit fact. */
const LONG_BASE64 = /^[A-Za-z0-9+/=_-]{512,}$/;
export const MAX_DETAIL_CHARS = 8192;

export function assertNoPii(detail: unknown): void {
  const problem = findPii(detail, 'detail', 0);
  if (problem) throw refused(problem);
}

function findPii(v: unknown, where: string, depth: number): string | null {
  if (depth > 8) return `${where}: nested too deeply`;
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  if (typeof v === 'number' || typeof v === 'bigint') {
    return containsIdNumber(String(v)) ? `${where}: number shaped like an ID number` : null;
  }
  if (typeof v === 'string') {
    if (containsIdNumber(v)) return `${where}: text containing an ID number`;
    if (PHOTO_TEXT.test(v) && v.length > 64) return `${where}: image data`;
    if (LONG_BASE64.test(v)) return `${where}: binary data`;
    return null;
  }
  if (v instanceof Uint8Array || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return `${where}: binary data`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findPii(v[i], `${where}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (PERSONAL_KEY.test(k) && x !== null && x !== undefined) return `${where}.${k}: personal field`;
      const p = findPii(x, `${where}.${k}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  return `${where}: unsupported value`;
}

function refused(where: string): BilingualError {
  // `where` names the field, never the value: repeating the value would leak it again.
  return new BilingualError(
    'AUDIT_PII_REFUSED',
    `审计记录不能包含个人信息（身份证号、照片、住址等），本条未写入：${where} — 请只记录业务编号或脱敏后的信息`,
    `An audit entry may not contain personal data (ID numbers, photos, addresses); it was not written: ${where} — record a reference number or masked data instead`,
    { where },
  );
}
