/**
 * The business-day figures of the README (`npm run -s day` is the day itself): `npm run bench --
 * day [--customers 150] [--seed 42] [--quick]` plays the day without and with faults and records
 * wall time, journeys a minute, the app's peak memory and its first-hour and last-hour memory,
 * the database size and what was lost. `--quick` (CI): 30 customers.
 */
import { parseArgs } from 'node:util';
import { runDay, type DaySummary } from '../day/day';
import { recordFigure } from './figures';

function record(key: string, s: DaySummary): void {
  const f = s.figures;
  recordFigure(`${key}.wallS`, f.wallMs / 1000, 's', 'wall time of the day');
  recordFigure(`${key}.journeysPerMinute`, f.journeysPerMinute, 'journeys/min', 'journeys per minute');
  recordFigure(`${key}.peakRssMb`, f.peakRssMb, 'MB', 'peak memory of the app process (VmHWM)');
  if (f.memory.firstHour) recordFigure(`${key}.firstHourRssMb`, f.memory.firstHour.medianMb, 'MB', 'app memory, first business hour (median)');
  if (f.memory.lastHour) recordFigure(`${key}.lastHourRssMb`, f.memory.lastHour.medianMb, 'MB', 'app memory, last business hour (median)');
  recordFigure(`${key}.dbBytes`, f.dbBytes, 'bytes', 'database size');
  recordFigure(`${key}.lost`, s.lost, 'journeys', 'journeys lost');
  recordFigure(`${key}.violations`, s.violations.length, 'violations', 'violations found by the checks');
}

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { customers: { type: 'string' }, seed: { type: 'string' }, quick: { type: 'boolean' } } });
  const customers = Number(values.customers ?? (values.quick ? 30 : 150));
  const seed = Number(values.seed ?? 42);
  const key = values.quick ? 'day.quick' : 'day';
  for (const faults of [false, true]) {
    const s = await runDay({ customers, seed, faults, leadSeconds: 20 });
    const m = s.figures.memory;
    process.stdout.write(
      `day${faults ? ' --faults' : ''}: ${customers} customers, seed ${seed}: wall ${(s.figures.wallMs / 1000).toFixed(1)} s, ${s.figures.journeysPerMinute} journeys/min, ` +
        `peak memory ${s.figures.peakRssMb} MB, first hour ${m.firstHour?.medianMb ?? '–'} MB → last hour ${m.lastHour?.medianMb ?? '–'} MB, ` +
        `database ${(s.figures.dbBytes / 1024).toFixed(0)} KiB, lost ${s.lost}, ${s.ok ? 'OK' : `${s.violations.length} violations`}\n`,
    );
    record(`${key}${faults ? '.faults' : ''}`, s);
    if (!s.ok) throw new Error(`the day${faults ? ' with faults' : ''} had violations:\n${s.violations.slice(0, 10).join('\n')}`);
  }
}
