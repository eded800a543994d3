/**
 * The full integrity check of the database (PRAGMA quick_check) reads every page: seconds for
 * years of a busy counter, which used to stand between start and the first screen. It now runs
 * after start on a worker thread with its own read-only connection (WAL lets it read beside the
 * app's writes); damage found is reported like a storage failure, in the status bar and the log.
 * Opening still refuses at once a file that is not a database at all (storage/db.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// CommonJS on purpose: an eval'd worker has `require`, and the driver is passed by path so the
// same code works from the source tree and from a bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let result;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
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
