/** Saves an export the hall server made (base64) as a file in the browser's downloads. */
import type { DeskFiltersInput, DeskPeriodInput, DeskDrill, DeskTable } from '../../../../base/contract/desk';
import { call } from '../client';

export async function exportTable(table: DeskTable, format: 'csv' | 'xlsx', period: DeskPeriodInput, filters?: DeskFiltersInput, drill?: DeskDrill): Promise<{ filename: string; rows: number }> {
  const r = await call('desk.export', { table, format, period, ...(filters ? { filters } : {}), ...(drill ? { drill } : {}) });
  const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: r.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = r.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { filename: r.filename, rows: r.rows };
}
