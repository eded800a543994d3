/**
 * A TCP proxy in front of the hall for one counter of the hall soak: `cut()` is that counter's
 * network going away (the listener closed, every open connection reset), `restore()` brings it
 * back on the same port. TLS passes through untouched, so the counter's pinned certificate is
 * the hall's own.
 */
import net from 'node:net';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  cuts = 0;

  constructor(private readonly target: () => { host: string; port: number }) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const t = this.target();
      const upstream = net.connect(t.port, t.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** The network cable pulled: nothing connects, and what was connected is reset. */
  async cut(): Promise<void> {
    this.cuts++;
    await this.close();
  }

  /** Closes the proxy for good (not counted as a cut). */
  stop(): Promise<void> {
    return this.close();
  }

  private async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  restore(): Promise<void> {
    return this.start();
  }
}
