/**
 * The counter's HTTPS link to its hall: the hall's certificate is trusted only by the
 * fingerprint pinned at enrolment (any other certificate — an intercepting proxy, a different
 * server at that address — fails the handshake), and every request is signed with the
 * counter's own Ed25519 key, a fresh nonce and the time (base/contract/replication.ts).
 */
import { createHash, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { BilingualError, isErrorShape, type ErrorShape } from '../../../base/contract/errors';
import { SIGNATURE_HEADERS, signedText } from '../../../base/contract/replication';

export interface HallEndpoint {
  url: string;
  certPem: string;
  fingerprint: string;
}

/** A failure talking to the hall: the hall's refusal (status + ErrorShape) or the network's. */
export class HallLinkError extends BilingualError {
  constructor(shape: ErrorShape, readonly status: number | null) {
    super(shape.code, shape.message_zh, shape.message_en, shape.detail);
  }
  /** Worth retrying later as it is: the network or the hall being away or busy. */
  get retryable(): boolean {
    return this.status === null || this.status >= 500;
  }
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function pinCheck(fingerprint: string) {
  return (_host: string, cert: PeerCertificate): Error | undefined =>
    fingerprintOf(cert.raw) === fingerprint ? undefined : new Error(`the hall's certificate ${fingerprintOf(cert.raw).slice(0, 16)}… is not the pinned ${fingerprint.slice(0, 16)}…`);
}

function networkError(e: unknown, url: string): HallLinkError {
  const reason = e instanceof Error ? e.message : String(e);
  const pin = /pinned|certificate|self.signed|SSL|TLS/i.test(reason);
  return new HallLinkError(
    pin
      ? { code: 'SYNC_HALL_CERT', message_zh: `大厅服务器的证书与登记时的不符，已拒绝连接：${url}`, message_en: `The hall server's certificate is not the one pinned at enrolment; connection refused: ${url}`, detail: { reason } }
      : { code: 'SYNC_HALL_UNREACHABLE', message_zh: `连不上大厅服务器：${url}（台席照常工作，记录稍后补传）`, message_en: `Cannot reach the hall server: ${url} (the counter works on; records are sent later)`, detail: { reason } },
    null,
  );
}

/** One HTTPS request with the given TLS trust; JSON in, JSON out; refusals become HallLinkError. */
export function requestJson(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body: Buffer | null,
  tls: { ca?: string; checkServerIdentity?: ReturnType<typeof pinCheck>; rejectUnauthorized?: boolean; agent?: https.Agent },
  headers: Record<string, string> = {},
  onCert?: (der: Buffer) => void,
  timeoutMs = 30_000,
): Promise<unknown> {
  const u = new URL(path, base);
  return new Promise((settle, fail) => {
    // A whole-request deadline besides the socket's idle timeout: a time read at settlement must
    // not keep the clerk waiting on a link that is silently gone.
    const deadline = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    deadline.unref();
    const resolve = (v: unknown) => {
      clearTimeout(deadline);
      settle(v);
    };
    const reject = (e: unknown) => {
      clearTimeout(deadline);
      fail(e instanceof Error ? e : new Error(String(e)));
    };
    const req = https.request(
      {
        host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || 443, path: u.pathname + u.search, method, agent: tls.agent ?? false,
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.checkServerIdentity ? { checkServerIdentity: tls.checkServerIdentity } : {}),
        headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) },
        timeout: Math.min(30_000, timeoutMs),
      },
      (res) => {
        if (onCert) onCert((res.socket as import('node:tls').TLSSocket).getPeerCertificate().raw);
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(parts).toString('utf8'));
          } catch {
            reject(new HallLinkError({ code: 'SYNC_HALL_ANSWER', message_zh: '大厅服务器的应答无法读取', message_en: "The hall server's answer cannot be read" }, res.statusCode ?? 500));
            return;
          }
          const status = res.statusCode ?? 500;
          if (status >= 200 && status < 300) resolve(json);
          else {
            const err = (json as { error?: unknown }).error;
            reject(new HallLinkError(isErrorShape(err) ? err : { code: 'SYNC_HALL_ANSWER', message_zh: `大厅服务器返回 ${status}`, message_en: `The hall server answered ${status}` }, status));
          }
        });
        res.on('error', (e) => reject(networkError(e, base)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => reject(e instanceof HallLinkError ? e : networkError(e, base)));
    req.end(body ?? undefined);
  });
}

/** The signed, pinned link an enrolled counter uses for batches and heartbeats. */
export class HallLink {
  private readonly key: KeyObject;
  private readonly agent: https.Agent;

  private readonly timeAgent: https.Agent;

  constructor(private readonly endpoint: HallEndpoint, private readonly counter: number, privateKeyPem: string, private readonly now: () => number) {
    this.key = createPrivateKey(privateKeyPem);
    // Keep-alive: a catch-up sends many batches; one TLS handshake serves them all.
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: endpoint.certPem });
    // The time has its own connection: a settlement's time read never queues behind a catch-up batch.
    this.timeAgent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: endpoint.certPem });
  }

  private signed(method: 'GET' | 'POST', path: string, body: Buffer): Record<string, string> {
    const time = this.now();
    const nonce = randomBytes(16).toString('hex');
    const text = signedText(method, path, this.counter, time, nonce, createHash('sha256').update(body).digest('hex'));
    return {
      [SIGNATURE_HEADERS.counter]: String(this.counter),
      [SIGNATURE_HEADERS.time]: String(time),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(text), this.key).toString('base64'),
    };
  }

  /** A signed POST; `timeoutMs` for what a clerk waits on (a queue call), the bulk default otherwise. */
  post(path: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(payload));
    return requestJson(this.endpoint.url, 'POST', path, body, this.tls(this.agent), this.signed('POST', path, body), undefined, timeoutMs);
  }

  /** A signed GET on the bulk connection (the configuration); `path` may carry a query string, which the signature covers. */
  get(path: string): Promise<unknown> {
    return requestJson(this.endpoint.url, 'GET', path, null, this.tls(this.agent), this.signed('GET', path, Buffer.alloc(0)));
  }

  /** A signed GET on the time connection, answered within `timeoutMs` or failed. */
  getTime(path: string, timeoutMs: number): Promise<unknown> {
    return requestJson(this.endpoint.url, 'GET', path, null, this.tls(this.timeAgent), this.signed('GET', path, Buffer.alloc(0)), undefined, timeoutMs);
  }

  private tls(agent: https.Agent) {
    return { ca: this.endpoint.certPem, checkServerIdentity: pinCheck(this.endpoint.fingerprint), agent };
  }

  close(): void {
    this.agent.destroy();
    this.timeAgent.destroy();
  }
}

export { pinCheck };
