/**
 * Where the CLI gets the passphrase: --passphrase-file, else CERTWRIGHT_PASSPHRASE, else a hidden
 * prompt on a terminal. Never a --passphrase argument: it would land in shell history and `ps`.
 */
import { CliError } from './errors.js';
import { readSecretFile } from './secret-file.js';

export const PASSPHRASE_VARIABLE = 'CERTWRIGHT_PASSPHRASE';

export interface PassphraseSource {
  readonly file?: string;
  /** CERTWRIGHT_PASSPHRASE as it was when the CLI started (it left the environment then). */
  readonly fromEnv?: string;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * Takes CERTWRIGHT_PASSPHRASE out of the environment and returns it: from then on no child process
 * or worker thread inherits it, and nothing that prints the environment shows it. (The copy the
 * operating system keeps of the initial environment, /proc/PID/environ on Linux, stays readable by
 * the same user: --passphrase-file is the better channel.)
 */
export function takePassphraseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[PASSPHRASE_VARIABLE];
  delete env[PASSPHRASE_VARIABLE];
  return value === '' ? undefined : value;
}

export async function readPassphrase(source: PassphraseSource, prompt: string, confirm = false): Promise<string> {
  if (source.file) return readSecretFile(source.file, 'passphrase file');
  if (source.fromEnv !== undefined && source.fromEnv !== '') return source.fromEnv;
  if (!source.stdin.isTTY) {
    throw new CliError(`No passphrase: use --passphrase-file FILE or set ${PASSPHRASE_VARIABLE} (no terminal to ask on)`);
  }
  const first = await hiddenPrompt(source, prompt);
  if (confirm && (await hiddenPrompt(source, 'Repeat it: ')) !== first) throw new CliError('The two passphrases differ; nothing was created');
  return first;
}

/** Exit code of a prompt cancelled with Ctrl+C: 128 + SIGINT, as shells report an interrupted command. */
export const CANCELLED_EXIT_CODE = 130;

const ENTER = new Set(['\r', '\n']);
const END_OF_INPUT = '\u0004'; // Ctrl+D
const INTERRUPT = '\u0003'; // Ctrl+C
const ERASE = new Set(['\u007f', '\b']); // Backspace, Ctrl+H
const KILL_LINE = '\u0015'; // Ctrl+U

/**
 * Reads a line from the terminal without echoing it. In raw mode the terminal does none of its line
 * editing, so this does what it would: Enter or Ctrl+D ends the input, Backspace erases a character,
 * Ctrl+U the whole line, Ctrl+C cancels (exit 130). No other control character but Tab becomes part of it.
 */
export function hiddenPrompt({ stdin, stderr }: Pick<PassphraseSource, 'stdin' | 'stderr'>, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let typed: string[] = []; // code points, so that Backspace erases a whole character
    const wasRaw = stdin.isRaw === true;
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const done = (result: string | Error) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const finish = () => done(typed.length === 0 ? new CliError('No passphrase given') : typed.join(''));
    const onEnd = () => finish();
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ENTER.has(ch) || ch === END_OF_INPUT) return finish();
        if (ch === INTERRUPT) return done(new CliError('Cancelled', CANCELLED_EXIT_CODE));
        if (ERASE.has(ch)) typed.pop();
        else if (ch === KILL_LINE) typed = [];
        else if (ch >= ' ' || ch === '\t') typed.push(ch);
      }
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  });
}
