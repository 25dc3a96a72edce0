/** Outside TLS servers for tests: `openssl s_server` on a free port of 127.0.0.1. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

const START_TIMEOUT_MS = 10_000;

/** Starts `openssl s_server -www` on a free port, runs `body`, and kills the server. */
export async function withOpensslServer<T>(args: readonly string[], body: (port: number) => Promise<T>): Promise<T> {
  const server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-www', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.setEncoding('utf8').on('data', (data: string) => (output += data));
  server.stderr.setEncoding('utf8').on('data', (data: string) => (output += data));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s_server did not start:\n${output}`)), START_TIMEOUT_MS);
      const check = () => {
        const match = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        server.stdout.off('data', check);
        resolve(Number(match[1]));
      };
      server.stdout.on('data', check);
      server.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`s_server exited:\n${output}`));
      });
    });
    return await body(port);
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill();
      await once(server, 'exit');
    }
  }
}


/** A port of 127.0.0.1 that was free a moment ago (bound to 0, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
