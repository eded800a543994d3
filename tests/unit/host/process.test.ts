// The two requests of issue 13 against the real browser-mode process (what `npm run start:browser`
// runs): each used to end it with an uncaught exception; now each gets 400 and the app lives on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserModeApp } from '../../helpers/browserMode';
import { goodRpc, rawRequest } from './rawHttp';

let app: BrowserModeApp;
let port: number;

beforeAll(async () => {
  app = await startBrowserMode();
  port = Number(new URL(app.origin).port);
});
afterAll(async () => {
  await app?.stop();
});

describe('browser-mode process under bad requests', () => {
  it.each(['/%E0%A4%A', '//['])('GET %s: 400, and the process still runs and answers', async (target) => {
    const r = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(r.status).toBe(400);
    const good = await rawRequest(port, goodRpc(port, app.token));
    expect(good.status).toBe(200);
    expect(app.child.exitCode).toBeNull();
    expect(app.output()).not.toMatch(/URIError|Invalid URL/);
  });
});
