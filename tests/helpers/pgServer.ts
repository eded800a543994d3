/**
 * A real PostgreSQL server for tests and benches: Debian's `postgresql` (15) binaries, a fresh
 * cluster in a temporary folder, socket-only (no TCP at all), stopped by `stop()`.
 *
 * CI runs as root and PostgreSQL refuses to run as root, so as root the cluster is made and run
 * as the `postgres` user (the package creates it) in a folder that user owns; as anyone else it
 * runs as that user. Clients connect over the Unix socket in the same folder with trust auth.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.COUNTERDESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  /** postgres://… for node-postgres, through the socket folder. */
  url(database?: string): string;
  /** Makes a new empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  dir: string;
  port: number;
  stop(): Promise<void>;
}

let dbCounter = 0;

function asPostgres(): { run: (cmd: string, args: string[]) => string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { run: (cmd, args) => [cmd, ...args] };
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { run: (cmd, args) => ['runuser', '-u', 'postgres', '--', cmd, ...args], uid, gid };
}

function sh(argv: string[], what: string): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim()}`);
}

/**
 * `durable`: fsync on (the server's default), for benchmarks that must pay for real commits;
 * tests run with fsync off, which changes nothing they assert and spares the shared disk.
 */
export async function startPgServer(opts: { durable?: boolean } = {}): Promise<PgServer> {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found in ${PG_BIN}: apt-get install postgresql`);
  }
  const who = asPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-pg-'));
  if (who.uid !== undefined) fs.chownSync(dir, who.uid, who.gid!);
  const data = path.join(dir, 'data');
  // Socket-only: the port only names the socket file, so any number works; vary it per cluster.
  const port = 40000 + ((process.pid * 7 + dbCounter++) % 20000);
  sh(who.run(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', ...(opts.durable ? [] : ['--no-sync'])]), 'initdb');
  const flags = [`-c listen_addresses=''`, `-c unix_socket_directories='${dir}'`, `-p ${port}`, `-c fsync=${opts.durable ? 'on' : 'off'}`, '-c max_connections=60'].join(' ');
  sh(who.run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', flags, '-w', '-t', '60', 'start']), 'pg_ctl start');
  const url = (database = 'postgres') => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(dir)}&port=${port}`;
  let stopped = false;
  return {
    dir,
    port,
    url,
    async createDatabase(name: string) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const argv = who.run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(argv[0]!, argv.slice(1));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
