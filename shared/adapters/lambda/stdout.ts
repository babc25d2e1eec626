/**
 * Where the functions' log and metric lines go: one JSON object per line on stdout, which
 * Lambda forwards to the function's log group as one log event per line (and the local
 * runtime shows in its terminal). The only writer to stdout outside the CLI.
 */
export type LineWriter = (line: string) => void;

export const stdoutLines: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};
