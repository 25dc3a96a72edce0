/** Entry point of the `certwright` command (npm run cli -- …, or the installed bin). */
import { runCli } from './main.js';

process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
