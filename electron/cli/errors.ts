/** A failure the CLI reports in one line on stderr, with exit code 1 (2 for usage errors, 130 when the user cancelled with Ctrl+C). */
export class CliError extends Error {
  readonly exitCode: 1 | 2 | 130;
  constructor(message: string, exitCode: 1 | 2 | 130 = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, 2);
