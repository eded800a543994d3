/**
 * The full integrity check of the database (PRAGMA quick_check) reads every page: about 5 s and
 * 3 s of CPU for five years of a busy counter (2.75 GB), which used to stand between start and the
 * first screen. It now runs once a day, a minute after start, on a worker thread with its own
 * read-only connection (WAL lets it read beside the app's writes) and a small page cache; damage
 * found is reported like a storage failure, in the status bar and the log. Opening still refuses
 * at once a file that is not a database at all (storage/db.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../../../base/clock';
import type { Db } from './db';

/** After a day the check is due again (a counter restarted at noon does not check twice). */
const CHECK_EVERY_MS = 20 * 3_600_000;
const LAST_CHECK_KEY = 'storage.integrityCheckedAt';

// CommonJS on purpose: an eval'd worker has `require`, and the driver is passed by path so the
// same code works from the source tree and from a bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let result;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -256');
  try {
    result = String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
} catch (e) {
  result = 'error: ' + (e && e.message ? e.message : String(e));
}
parentPort.postMessage(result);
`;

export interface IntegrityCheck {
  /** "ok", or what SQLite found (or why the check could not run, prefixed "error: "). */
  readonly result: Promise<string>;
  /** Ends the check early (the app is closing). */
  stop(): Promise<void>;
}

export function checkIntegrityInBackground(file: string): IntegrityCheck {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // A small heap: the worker only runs SQLite, whose page cache is outside V8.
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver }, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 } });
  worker.unref();
  const result = new Promise<string>((resolve) => {
    worker.once('message', (m: unknown) => resolve(String(m)));
    worker.once('error', (e) => resolve(`error: ${e.message}`));
    worker.once('exit', (code) => resolve(`error: the check stopped (exit ${code})`));
  });
  return {
    result,
    async stop() {
      await worker.terminate();
    },
  };
}

export interface ScheduledCheck {
  /** Resolves with the result once a due check ran, or null when none was due or it was stopped. */
  readonly done: Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Runs the check `delayMs` after start when the last whole check is older than a day, records a
 * clean result in meta, and hands every result to `onResult`.
 */
export function scheduleIntegrityCheck(o: { db: Db; file: string; clock: Clock; delayMs: number; onResult: (result: string) => void }): ScheduledCheck {
  const last = o.db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_CHECK_KEY) as { value: string } | undefined;
  if (last && o.clock.now() - Number(last.value) < CHECK_EVERY_MS) return { done: Promise.resolve(null), stop: async () => {} };
  let check: IntegrityCheck | null = null;
  let stopped = false;
  let resolveDone: (r: string | null) => void = () => {};
  const done = new Promise<string | null>((r) => (resolveDone = r));
  const timer = setTimeout(() => {
    check = checkIntegrityInBackground(o.file);
    void check.result.then((result) => {
      if (stopped) return resolveDone(null);
      if (result === 'ok') {
        o.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_CHECK_KEY, String(o.clock.now()));
      }
      o.onResult(result);
      resolveDone(result);
    });
  }, o.delayMs);
  timer.unref();
  return {
    done,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      resolveDone(null);
      await check?.stop();
    },
  };
}
