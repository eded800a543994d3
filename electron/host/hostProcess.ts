/**
 * How browser mode's process is started — by the launcher (`npm start`, `npm run start:browser`),
 * the day soak and the start-up bench alike, so what is measured is what runs: the bundle, the
 * Node flags and the environment. V8 reads heap sizes only at start, and glibc its arena count,
 * so none of this can be set from inside the app.
 */
import path from 'node:path';

/** The bundle (tools/build/bundle.ts), relative to the project folder. */
export const HOST_ENTRY = 'dist/host/start.cjs';

/**
 * Node flags, each measured over the 150-customer day (`npm run -s day -- --seed 42`, README "Figures"):
 * --max-semi-space-size=2: V8 lets the young generation grow to 2 × 16 MiB under allocation
 *   pressure and keeps it; the counter's requests are small and short-lived, so 2 × 2 MiB
 *   scavenges as well and the 28 MiB stay free.
 * --optimize-for-size: smaller heap growing steps and earlier full collections, so the old
 *   generation does not fill with garbage over the day (the app's live heap stays near 22 MB).
 */
export const HOST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--optimize-for-size'];

/**
 * glibc malloc settings:
 * MALLOC_ARENA_MAX=2: glibc gives every thread that allocates its own arena (Node runs V8 and
 *   libuv helper threads); two arenas hold the same allocations in less resident memory.
 * MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ fixed at 128 KiB: by default glibc raises both
 *   after the first large block is freed — every sign-in's scrypt (32 MiB) — and from then on keeps
 *   big freed blocks inside the heap instead of returning them.
 */
export const HOST_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

export interface HostCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The command line and environment that start browser mode from `root` with the app's own `args`. */
export function hostCommand(root: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, extraFlags: readonly string[] = []): HostCommand {
  return {
    command: process.execPath,
    args: [...HOST_NODE_FLAGS, ...extraFlags, path.join(root, HOST_ENTRY), ...args],
    env: { ...env, ...HOST_ENV },
  };
}
