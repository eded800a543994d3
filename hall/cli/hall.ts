/**
 * The hall server's command line: `npm run -s hall -- <start|counter|verify> …`
 * (`npm run start:hall` is `hall start`). Errors print in Chinese and English on one line each
 * and exit 1; usage errors exit 2.
 */
import { BilingualError } from '../../base/contract/errors';
import { runCounter } from './counter';
import { runStart } from './start';
import { runVerify } from './verify';

const USAGE = `usage:
  npm run start:hall [-- --data-dir D | --database-url postgres://…] [--host H] [--port P] [--idle-lock-minutes M]
  npm run -s hall -- counter add --number N [--label L] [--valid-hours H] [--data-dir D | --database-url U] [--json]
  npm run -s hall -- counter list [--data-dir D | --database-url U] [--json]
  npm run -s hall -- counter revoke --number N [--data-dir D | --database-url U]
  npm run -s hall -- verify --counter N --counter-data-dir C [--data-dir D | --database-url U] [--json]
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'start') return await runStart(rest);
    if (cmd === 'counter') return await runCounter(rest);
    if (cmd === 'verify') return await runVerify(rest);
    process.stderr.write(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof BilingualError) {
      process.stderr.write(`${e.message_zh}\n${e.message_en}\n`);
      return e.code === 'HALL_USAGE' ? 2 : 1;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`参数不正确 / bad arguments: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exit(await main(process.argv.slice(2)));
