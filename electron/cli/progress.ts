/** A progress bar on stderr when it is a terminal; silence otherwise (pipes, CI logs). */
export interface ProgressSink {
  update(done: number, total: number, step: string): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream): ProgressSink {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let drawn = false;
  return {
    update(done, total, step) {
      const width = 24;
      const filled = Math.round((Math.min(done, total) / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${step.slice(0, 50).padEnd(50)}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write(`\r${' '.repeat(80)}\r`);
      drawn = false;
    },
  };
}
