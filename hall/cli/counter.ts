/**
 * `npm run -s hall -- counter add --number N [--label L] [--valid-hours H] [--data-dir D | --database-url U] [--json]`
 * `npm run -s hall -- counter list [...] [--json]`
 * `npm run -s hall -- counter revoke --number N [...]`
 *
 * Registers a counter and prints its one-time enrolment code with the hall's certificate
 * fingerprint (which the counter can check when it enrols). Works whether or not the hall runs.
 */
import { parseArgs } from 'node:util';
import { BilingualError } from '../../base/contract/errors';
import { STORE_OPTIONS, storeChoice } from './args';
import { reachHall } from './reach';

export async function runCounter(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { ...STORE_OPTIONS, number: { type: 'string' }, label: { type: 'string' }, 'valid-hours': { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (sub !== 'add' && sub !== 'list' && sub !== 'revoke') {
    throw new BilingualError('HALL_USAGE', '用法：hall counter add|revoke --number N | hall counter list', 'usage: hall counter add|revoke --number N | hall counter list');
  }
  if (sub !== 'list' && values.number === undefined) throw new BilingualError('HALL_USAGE', '请用 --number 指定台席号', 'give the counter number with --number');
  const hall = await reachHall(storeChoice(values));
  try {
    if (sub === 'list') {
      const counters = await hall.listCounters();
      if (values.json) process.stdout.write(JSON.stringify({ counters }) + '\n');
      else for (const c of counters) process.stdout.write(`${String(c.number).padStart(3)}  ${c.status.padEnd(8)} ${c.label}\n`);
      return 0;
    }
    if (sub === 'revoke') {
      const c = await hall.revokeCounter(Number(values.number));
      process.stdout.write(values.json ? JSON.stringify(c) + '\n' : `${c.label}（${c.number}）已停用，其密钥不再被接受 / revoked: its key is refused from now on\n`);
      return 0;
    }
    const added = await hall.addCounter({
      number: Number(values.number),
      ...(values.label !== undefined ? { label: values.label } : {}),
      ...(values['valid-hours'] !== undefined ? { validHours: Number(values['valid-hours']) } : {}),
    });
    if (values.json) {
      process.stdout.write(JSON.stringify({ number: added.number, label: added.label, code: added.code, expiresAt: added.expiresAt, fingerprint: hall.fingerprint }) + '\n');
    } else {
      process.stdout.write(
        `${added.label}（${added.number}）登记码 / enrolment code: ${added.code}\n` +
          `  有效至 / valid until: ${new Date(added.expiresAt).toISOString()}\n` +
          `  大厅证书指纹 / hall certificate fingerprint: ${hall.fingerprint}\n`,
      );
    }
    return 0;
  } finally {
    await hall.close();
  }
}
