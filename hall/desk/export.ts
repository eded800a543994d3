/**
 * Exports of the desk's tables: CSV in UTF-8 with a byte-order mark (so Excel opens Chinese
 * correctly; RFC 4180 quoting) and XLSX written by exceljs. Headings carry both languages
 * ("业务 Business"). Each export is written to the hall's audit table with the table, the format,
 * the period, the filters and the number of rows.
 */
import ExcelJS from 'exceljs';
import type { TableData } from './tables';

const BOM = '\uFEFF';

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A leading = + - @ would be read as a formula by a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function heading(c: { zh: string; en: string }): string {
  return `${c.zh} ${c.en}`;
}

export function toCsv(t: TableData): Buffer {
  const lines = [t.columns.map((c) => csvCell(heading(c))).join(',')];
  for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(r[c.key])).join(','));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(t: TableData, meta: { sheet: string; subtitle: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CounterDesk';
  const ws = wb.addWorksheet(meta.sheet.slice(0, 31));
  ws.addRow([`${t.title.zh} ${t.title.en}`]);
  ws.addRow([meta.subtitle]);
  const head = ws.addRow(t.columns.map(heading));
  head.font = { bold: true };
  for (const r of t.rows) ws.addRow(t.columns.map((c) => r[c.key] ?? null));
  ws.columns.forEach((col, i) => (col.width = Math.min(40, Math.max(10, heading(t.columns[i] ?? { zh: '', en: '' }).length + 2))));
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rows of an exported XLSX as written (after the title, the subtitle and the heading). */
export const XLSX_HEADER_ROWS = 3;
