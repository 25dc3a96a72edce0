/** Outside TLS servers for tests: `openssl s_server` and nginx on 127.0.0.1. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

const START_TIMEOUT_MS = 10_000;

/** Starts `openssl s_server -www` on a free port, runs `body`, and kills the server. */
export async function withOpensslServer<T>(args: readonly string[], body: (port: number) => Promise<T>): Promise<T> {
  const server = await startOpensslServer(args);
  try {
    return await body(server.port);
  } finally {
    await server.stop();
  }
}

export interface RunningServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `openssl s_server -www` on 127.0.0.1 (`port`, or a free one), for a test that keeps it
 * across several tests or restarts it on the same port; resolves once it accepts.
 */
export async function startOpensslServer(args: readonly string[], port = 0): Promise<RunningServer> {
  const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-www', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.setEncoding('utf8').on('data', (data: string) => (output += data));
  server.stderr.setEncoding('utf8').on('data', (data: string) => (output += data));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill();
      await once(server, 'exit');
    }
  };
  try {
    const accepted = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s_server did not start:\n${output}`)), START_TIMEOUT_MS);
      const check = () => {
        // On port 0 it says which port it took; on a given one only "ACCEPT".
        const match = /^ACCEPT(?: 127\.0\.0\.1:(\d+))?$/m.exec(output);
        if (!match) return;
        clearTimeout(timer);
        server.stdout.off('data', check);
        resolve(match[1] === undefined ? port : Number(match[1]));
      };
      server.stdout.on('data', check);
      server.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`s_server exited:\n${output}`));
      });
    });
    return { port: accepted, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One `server { }` of {@link startNginx}: TLS on 127.0.0.1:port with these files, optionally requiring client certificates of `clientCa`. */
export interface NginxSite {
  readonly port: number;
  /** The certificate and the chain to serve, in one PEM file (leaf first). */
  readonly certificateFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string;
}

/**
 * Starts nginx in the foreground (one process, files under `dir`) serving `sites`; resolves once
 * every port accepts. Returns null when nginx is not installed. `reloadable`: with its master process,
 * so that `nginx -s reload` re-reads the certificate files as on a server (one process cannot: after a
 * reload it answers without TLS).
 */
export async function startNginx(dir: string, sites: readonly NginxSite[], { reloadable = false }: { readonly reloadable?: boolean } = {}): Promise<RunningServer | null> {
  const binary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
  if (binary === undefined) return null;
  await mkdir(dir, { recursive: true });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `${name}_temp_path ${dir}/${name}_temp;`).join(' ');
  const servers = sites
    .map((site) => {
      const mtls = site.clientCaFile ? `ssl_client_certificate ${site.clientCaFile}; ssl_verify_client on; ssl_verify_depth 3;` : '';
      return `server { listen 127.0.0.1:${site.port} ssl; ssl_certificate ${site.certificateFile}; ssl_certificate_key ${site.keyFile}; ${mtls} location / { return 200 "ok\\n"; } }`;
    })
    .join('\n');
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, `daemon off;\nmaster_process ${reloadable ? 'on' : 'off'};\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\naccess_log off;\n${temp}\n${servers}\n}\n`);
  const child = spawn(binary, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (const site of sites) {
    while (!(await accepts(site.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not start: ${log}${await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { port: sites[0]?.port ?? 0, stop };
}

/** Does 127.0.0.1:port accept a TCP connection now? */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port of 127.0.0.1 that was free a moment ago (bound to 0, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
