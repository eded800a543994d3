/**
 * `npm run -s hall -- verify --counter N --counter-data-dir C [--data-dir D | --database-url U] [--json]`
 * Exit 0 when the counter's chained rows match the hall's copy and the witness found nothing; 1 otherwise.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BilingualError } from '../../base/contract/errors';
import { describeReport, verifyCounter } from '../verify/compare';
import { STORE_OPTIONS, storeChoice } from './args';
import { reachHall } from './reach';

export async function runVerify(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...STORE_OPTIONS, counter: { type: 'string' }, 'counter-data-dir': { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const counter = Number(values.counter);
  if (!values.counter || !Number.isInteger(counter)) throw new BilingualError('HALL_USAGE', '请用 --counter N 指定台席号', 'give the counter number with --counter N');
  if (!values['counter-data-dir']) throw new BilingualError('HALL_USAGE', '请用 --counter-data-dir 指定台席的数据目录', "give the counter's data folder with --counter-data-dir");
  const hall = await reachHall(storeChoice(values));
  try {
    const report = await verifyCounter(hall.copy, counter, path.resolve(values['counter-data-dir']));
    process.stdout.write(values.json ? JSON.stringify(report) + '\n' : describeReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await hall.close();
  }
}
