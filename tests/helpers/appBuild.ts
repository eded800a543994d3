/**
 * Tests start the app the way production does: from the bundles in dist/ (tools/build/bundle.ts),
 * not through a TypeScript loader. A bundle older than any source file is rebuilt first (about a
 * second), so a test never runs yesterday's code; a lock keeps parallel test files from building
 * over each other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HOST_ENTRY as HOST_ENTRY_REL } from '../../electron/host/hostProcess';
import { buildAll } from '../../tools/build/bundle';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const HOST_ENTRY = path.join(ROOT, HOST_ENTRY_REL);
export const LAUNCH_ENTRY = path.join(ROOT, 'dist/launch.mjs');
const SOURCES = ['base', 'electron', 'native', 'resources', 'tools/build'];
const LOCK = path.join(ROOT, 'dist', '.build-lock');

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  return newest;
}

function builtAt(): number {
  const outs = [HOST_ENTRY, LAUNCH_ENTRY, path.join(ROOT, 'dist/electron/main.mjs')];
  if (!outs.every((f) => fs.existsSync(f))) return 0;
  return Math.min(...outs.map((f) => fs.statSync(f).mtimeMs));
}

async function waitForLock(): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return;
    } catch {
      // Another test file is building; a lock older than two minutes was left by a killed run.
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() > until) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise<void>((r) => setTimeout(r, 100));
    }
  }
}

export async function ensureAppBuilt(): Promise<void> {
  if (builtAt() > newestSource()) return;
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  await waitForLock();
  try {
    if (builtAt() <= newestSource()) await buildAll();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
