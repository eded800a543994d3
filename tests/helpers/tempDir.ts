/**
 * Throw-away folders for tests. Made inside a test, a folder is removed when that test has
 * finished (after its afterEach hooks, so a database in it is closed first); made in a hook or
 * at module level, when the test process exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

const leftOver = new Set<string>();
let exitHook = false;

function remove(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix = 'cd-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test body.
    leftOver.add(dir);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => leftOver.forEach(remove));
    }
  }
  return dir;
}
