/**
 * Many TLS endpoints on loopback for the watch benchmark: ONE Node child process holding `count`
 * tls.Server listeners, each on an ephemeral port of 127.0.0.1 the kernel picks (no port list to
 * collide with other tests on a shared machine), all serving one certificate, key and chain. A child, so the servers' handshake CPU and memory are never counted as the prober's;
 * it reports its own CPU time when asked, so a benchmark can say what the servers cost in each phase.
 * It exits when its stdin closes (the parent ended, however it ended).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The child's program (plain ESM, no loader: it starts in a few milliseconds). */
const CHILD = `
import { createServer } from 'node:tls';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
const [count, certFile, keyFile] = process.argv.slice(1);
// Read once; each server makes its own context (tls.Server ignores a shared secureContext option).
const identity = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
const ports = [];
const servers = [];
for (let i = 0; i < Number(count); i++) {
  const server = createServer(identity);
  // A prober closes right after its handshake (the client closes, as against a real service):
  // resets and aborted handshakes are expected here; a connection left idle is dropped after 30 s.
  server.on('secureConnection', (socket) => { socket.on('error', () => {}); socket.setTimeout(30000, () => socket.destroy()); });
  server.on('tlsClientError', () => {});
  server.on('error', (error) => { process.stderr.write('listener: ' + error.message + '\\n'); process.exit(1); });
  servers.push(new Promise((resolve) => server.listen(0, '127.0.0.1', () => { ports.push(server.address().port); resolve(); })));
}
await Promise.all(servers);
process.stdout.write(JSON.stringify({ ports }) + '\\n');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'usage') {
    const { user, system } = process.cpuUsage();
    process.stdout.write(JSON.stringify({ cpuSeconds: (user + system) / 1e6, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
  }
});
lines.on('close', () => process.exit(0));
`;

export interface ManyEndpoints {
  readonly ports: readonly number[];
  /** The child's CPU seconds so far and its RSS high-water mark. */
  usage(): Promise<{ cpuSeconds: number; maxRssKiB: number }>;
  stop(): Promise<void>;
}

export async function serveManyEndpoints(count: number, files: { cert: string; key: string }): Promise<ManyEndpoints> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', CHILD, String(count), files.cert, files.key], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  const early: string[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else early.push(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = early.shift();
      if (line !== undefined) return resolve(line);
      const onExit = () => reject(new Error(`the endpoints' process exited: ${stderr}`));
      child.once('exit', onExit);
      waiting.push((l) => {
        child.off('exit', onExit);
        resolve(l);
      });
    });
  const { ports } = JSON.parse(await nextLine()) as { ports: number[] };
  if (ports.length !== count) throw new Error(`the endpoints' process listens on ${ports.length} ports, not ${count}`);
  return {
    ports,
    async usage() {
      child.stdin.write('usage\n');
      return JSON.parse(await nextLine()) as { cpuSeconds: number; maxRssKiB: number };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}
