/**
 * Raw HTTP/1.1 over a TCP socket to 127.0.0.1: sends exactly the bytes given (Node's own client
 * would refuse or repair many of them), half-closes, and reads what comes back.
 */
import net from 'node:net';

export interface RawReply {
  /** Status code of the final response (after any 100 Continue), or null when none came. */
  status: number | null;
  head: string;
  /** The server kept the connection open past the timeout (an event stream, a half-sent body). */
  timedOut: boolean;
}

export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 5000): Promise<RawReply> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      // The final status: an interim `100 Continue` may come first.
      const codes = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      const status = codes.find((c) => c >= 200) ?? null;
      resolve({ status, head: text.slice(0, 400), timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      // An event stream never ends by itself: its first bytes are the answer.
      if (Buffer.concat(chunks).includes('text/event-stream')) finish(false);
    });
    sock.on('end', () => finish(false));
    sock.on('close', () => finish(false));
    sock.on('error', () => finish(false));
    sock.on('connect', () => {
      sock.write(bytes);
      sock.end();
    });
  });
}

/** A well-formed POST /rpc of app.info with the token: what "the server still answers" means. */
export function goodRpc(port: number, token: string): string {
  const body = JSON.stringify({ method: 'app.info', input: {} });
  return [
    'POST /rpc HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `X-CounterDesk-Token: ${token}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
