/**
 * `npm run bench -- [idcard|printer|till|journey|all] [args…]`
 *
 * One area: its `bench(args)` with the rest of the arguments. No area or `all`: every bench in
 * turn with its default sizes (extra arguments would mean different things to each, so they
 * are refused there). A bench that throws does not stop the others; the exit code says so.
 * Each module is imported only when it runs, so one area never pays for another's imports.
 */
import { performance } from 'node:perf_hooks';

type Bench = (args: string[]) => Promise<void>;

const AREAS: Record<string, () => Promise<{ bench: Bench }>> = {
  idcard: () => import('./idcard'),
  printer: () => import('./printer'),
  till: () => import('./till'),
  journey: () => import('./journey'),
  startup: () => import('./startup'),
};

async function runOne(area: string, args: string[]): Promise<boolean> {
  const load = AREAS[area]!;
  process.stdout.write(`\n══ bench: ${area}${args.length ? ' ' + args.join(' ') : ''} ══\n`);
  const t0 = performance.now();
  try {
    const { bench } = await load();
    await bench(args);
    process.stdout.write(`── ${area} done in ${((performance.now() - t0) / 1000).toFixed(1)} s ──\n`);
    return true;
  } catch (err) {
    process.stdout.write(`── ${area} FAILED after ${((performance.now() - t0) / 1000).toFixed(1)} s ──\n`);
    console.error(err);
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  if (area === undefined || area === 'all') {
    if (rest.length > 0) {
      process.stderr.write(`bench all runs every bench with default sizes; arguments (${rest.join(' ')}) only go with one area, e.g. npm run bench -- journey --runs 5\n`);
      return 2;
    }
    let failed = 0;
    for (const a of Object.keys(AREAS)) if (!(await runOne(a, []))) failed++;
    process.stdout.write(`\n${Object.keys(AREAS).length - failed} benches done, ${failed} failed\n`);
    return failed ? 1 : 0;
  }
  if (!Object.prototype.hasOwnProperty.call(AREAS, area)) {
    process.stderr.write(`unknown bench area "${area}" — choose one of: ${Object.keys(AREAS).join(', ')}, all\n  npm run bench -- [${Object.keys(AREAS).join('|')}|all] [args…]\n`);
    return 2;
  }
  return (await runOne(area, rest)) ? 0 : 1;
}

// Exit explicitly: a bench that leaves a stray handle (a pty, a browser pipe) must not hang the run.
process.exit(await main(process.argv.slice(2)));
