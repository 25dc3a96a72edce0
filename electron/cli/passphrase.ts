/**
 * Where the CLI gets the passphrase: --passphrase-file, else CERTWRIGHT_PASSPHRASE, else a hidden
 * prompt on a terminal. Never a --passphrase argument: it would land in shell history and `ps`.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.js';

export interface PassphraseSource {
  readonly file?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

export async function readPassphrase(source: PassphraseSource, prompt: string, confirm = false): Promise<string> {
  if (source.file) {
    try {
      // One trailing newline is the file's, not the passphrase's.
      return (await readFile(source.file, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliError(`Cannot read the passphrase file ${source.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const fromEnv = source.env.CERTWRIGHT_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!source.stdin.isTTY) {
    throw new CliError('No passphrase: use --passphrase-file FILE or set CERTWRIGHT_PASSPHRASE (no terminal to ask on)');
  }
  const first = await hiddenPrompt(source, prompt);
  if (confirm && (await hiddenPrompt(source, 'Repeat it: ')) !== first) throw new CliError('The two passphrases differ; nothing was created');
  return first;
}

function hiddenPrompt({ stdin, stderr }: PassphraseSource, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(new CliError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
