/**
 * The pieces every local listener is built from (electron/services/listeners): the Host rule, the rate
 * budget, the one-per-key registry, and the HTTP listener that binds 127.0.0.1 and caps sizes and
 * connections. The OCSP responder on top of them is proven with openssl in ocsp.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { RateBudget } from '../../electron/services/listeners/budget.js';
import { hostIsOwn, hostOfUrlServedHere, loopbackNames, parseHostHeader } from '../../electron/services/listeners/host.js';
import { LOOPBACK_ADDRESS, MAX_CONNECTIONS, startLocalHttpListener, type RunningListener } from '../../electron/services/listeners/http.js';
import { ListenerRegistry } from '../../electron/services/listeners/registry.js';

describe('the Host rule', () => {
  test('parses name and port, lower-cased; refuses anything that is not a plain host', () => {
    assert.deepEqual(parseHostHeader('LocalHost:8960'), { name: 'localhost', port: 8960 });
    assert.deepEqual(parseHostHeader('127.0.0.1'), { name: '127.0.0.1', port: null });
    assert.deepEqual(parseHostHeader('[::1]:8960'), { name: '[::1]', port: 8960 });
    for (const bad of ['', ' ', 'a b', 'user@127.0.0.1:80', '127.0.0.1:80/x', '127.0.0.1:0', '127.0.0.1:70000', '::1', 'évil.test']) assert.equal(parseHostHeader(bad), null, bad);
  });

  test('own names: the bound address and localhost, on the port or without one', () => {
    const names = loopbackNames('127.0.0.1');
    assert.deepEqual(names, ['127.0.0.1', 'localhost']);
    assert.deepEqual(loopbackNames('::1'), ['[::1]', 'localhost']);
    for (const ok of ['127.0.0.1:8960', '127.0.0.1', 'localhost:8960', 'LOCALHOST']) assert.ok(hostIsOwn(ok, 8960, names), ok);
    for (const refused of [undefined, 'attacker.test:8960', '127.0.0.1:8961', 'localhost.:8960', '[::1]:8960', '127.0.0.2:8960']) assert.ok(!hostIsOwn(refused, 8960, names), String(refused));
  });

  test('a configured URL counts only when it is http:// on this very port', () => {
    assert.equal(hostOfUrlServedHere('http://OCSP.acme.test:8960/ocsp', 8960), 'ocsp.acme.test');
    assert.equal(hostOfUrlServedHere('http://[::1]:8960/', 8960), '[::1]');
    assert.equal(hostOfUrlServedHere('http://ocsp.acme.test/', 8960), null, 'port 80 is not this listener');
    assert.equal(hostOfUrlServedHere('https://ocsp.acme.test:8960/', 8960), null, 'not plain HTTP');
    assert.equal(hostOfUrlServedHere('http://ocsp.acme.test:8961/', 8960), null);
    assert.equal(hostOfUrlServedHere('not a url', 8960), null);
    assert.equal(hostOfUrlServedHere(null, 8960), null);
  });
});

describe('RateBudget', () => {
  test('spends a second’s worth at once, then refills at the rate, never beyond one second’s worth', () => {
    let now = 0;
    const budget = new RateBudget(50, () => now);
    const spend = () => {
      let n = 0;
      while (budget.take()) n += 1;
      return n;
    };
    assert.equal(spend(), 50);
    assert.equal(budget.take(), false);
    now += 100;
    assert.equal(spend(), 5);
    now += 60_000;
    assert.equal(spend(), 50, 'an idle minute does not bank a minute');
    assert.throws(() => new RateBudget(0), RangeError);
  });
});

describe('ListenerRegistry', () => {
  const fake = () => {
    const made: Array<{ id: number; closed: boolean }> = [];
    const open = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const listener = { id: made.length + 1, closed: false, close: async () => void (listener.closed = true) };
      made.push(listener);
      return listener;
    };
    return { made, open };
  };

  test('two starts at once open one listener, and both get it', async () => {
    const registry = new ListenerRegistry<{ id: number; closed: boolean; close(): Promise<void> }>();
    const { made, open } = fake();
    const [a, b] = await Promise.all([registry.start('ca', open), registry.start('ca', open)]);
    assert.equal(a, b);
    assert.equal(made.length, 1);
    assert.equal(registry.get('ca'), a);
    assert.equal(await registry.stop('ca'), a);
    assert.ok(a.closed);
    assert.equal(registry.get('ca'), null);
    assert.equal(await registry.stop('ca'), null);
  });

  test('a stop during a start closes what the start opens; a start after a stop waits for it', async () => {
    const registry = new ListenerRegistry<{ id: number; closed: boolean; close(): Promise<void> }>();
    const { made, open } = fake();
    const started = registry.start('ca', open);
    const stopped = registry.stop('ca');
    const again = registry.start('ca', open);
    const [first, closed, second] = await Promise.all([started, stopped, again]);
    assert.equal(closed, first);
    assert.ok(first.closed, 'no orphan');
    assert.ok(!second.closed);
    assert.deepEqual(made.map((m) => m.id), [1, 2]);
    assert.equal(registry.get('ca'), second);
    await registry.stopAll();
    assert.ok(second.closed);
    assert.equal(registry.get('ca'), null);
  });

  test('a start that fails leaves no entry: the next one tries again', async () => {
    const registry = new ListenerRegistry<{ close(): Promise<void> }>();
    await assert.rejects(
      registry.start('ca', async () => {
        throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
      }),
      /in use/,
    );
    assert.equal(registry.get('ca'), null);
    const listener = { close: async () => undefined };
    assert.equal(await registry.start('ca', async () => listener), listener);
  });
});

describe('startLocalHttpListener', () => {
  const exchange = (port: number, options: { method?: string; host?: string; body?: Buffer; headers?: Record<string, string | number> } = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: LOOPBACK_ADDRESS, port, method: options.method ?? 'POST', path: '/', headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end(options.body);
    });

  async function withListener(body: (listener: RunningListener, seen: string[], refused: string[]) => Promise<void>, maxBodyBytes = 1024): Promise<void> {
    const seen: string[] = [];
    const refused: string[] = [];
    const listener = await startLocalHttpListener({
      methods: ['POST'],
      maxBodyBytes,
      onRefused: (reason) => refused.push(reason),
      handle: async (request) => {
        seen.push(`${request.method} ${request.body?.length}`);
        return { status: 200, type: 'text/plain', body: 'ok' };
      },
    });
    try {
      await body(listener, seen, refused);
    } finally {
      await listener.close();
    }
  }

  test('binds 127.0.0.1 only; refuses a foreign Host, another method and an oversized body before the handler', async () => {
    await withListener(async (listener, seen, refused) => {
      assert.match(listener.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await exchange(listener.port, { body: Buffer.alloc(10) })).status, 200);
      assert.equal((await exchange(listener.port, { body: Buffer.alloc(10), host: `rebound.test:${listener.port}` })).status, 421);
      assert.equal((await exchange(listener.port, { method: 'GET' })).status, 405);
      assert.equal((await exchange(listener.port, { body: Buffer.alloc(1025) })).status, 413, 'declared too large');
      // Chunked, so the size is only known while reading: reading stops at the cap.
      assert.equal((await exchange(listener.port, { body: Buffer.alloc(4096), headers: { 'Transfer-Encoding': 'chunked' } })).status, 413, 'streamed too large');
      assert.deepEqual(seen, ['POST 10']);
      assert.deepEqual(refused, ['host', 'method', 'size', 'size']);
    });
  });

  test(`at most ${MAX_CONNECTIONS} connections at once: the next is dropped, the listener keeps answering`, async () => {
    await withListener(async (listener) => {
      const sockets: Socket[] = [];
      try {
        for (let i = 0; i < MAX_CONNECTIONS; i += 1) {
          const socket = connect(listener.port, LOOPBACK_ADDRESS);
          socket.on('error', () => undefined);
          await once(socket, 'connect');
          sockets.push(socket);
        }
        const extra = connect(listener.port, LOOPBACK_ADDRESS);
        extra.on('error', () => undefined);
        await once(extra, 'close');
        assert.ok(sockets.every((s) => !s.destroyed), 'the others stay open');
      } finally {
        for (const socket of sockets) socket.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal((await exchange(listener.port, { body: Buffer.alloc(1) })).status, 200);
    });
  });

  test('close ends kept-alive connections at once', async () => {
    await withListener(async (listener) => {
      const socket = connect(listener.port, LOOPBACK_ADDRESS);
      await once(socket, 'connect');
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nContent-Length: 1\r\n\r\nx`);
      await once(socket, 'data');
      const closed = once(socket, 'close');
      await listener.close();
      await closed;
    });
  });
});

test('a listener that cannot bind says which setting to change', async () => {
  const first = await startLocalHttpListener({ methods: ['GET'], maxBodyBytes: 16, handle: async () => ({ status: 204, type: 'text/plain', body: '' }) });
  try {
    await assert.rejects(startLocalHttpListener({ port: first.port, methods: ['GET'], maxBodyBytes: 16, handle: async () => ({ status: 204, type: 'text/plain', body: '' }) }), {
      code: 'INVALID_INPUT',
      message: `port: Port ${first.port} on 127.0.0.1 is in use; choose another`,
    });
    await assert.rejects(startLocalHttpListener({ bind: '192.0.2.1', methods: ['GET'], maxBodyBytes: 16, handle: async () => ({ status: 204, type: 'text/plain', body: '' }) }), {
      code: 'INVALID_INPUT',
      message: 'bind: 192.0.2.1 is not an address of this machine',
    });
  } finally {
    await first.close();
  }
});
