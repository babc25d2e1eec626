import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerBilling } from './commands/billing';
import { registerDlq } from './commands/dlq';
import { registerStatements } from './commands/statements';
import { registerVerify } from './commands/verify';
import { CliError, EXIT_OK, EXIT_USAGE, processIo, type CliIo, type CommandContext } from './io';

/**
 * The `kippu` command line. Each command is one module under ./commands that registers itself
 * on the program; `bin/kippu.mjs` runs the bundle that `npm run build` makes of this file.
 * Exit codes: 0 done, 1 the document was rejected, 2 the command could not run as asked.
 */
export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  let exitCode = EXIT_OK;
  const program = new Command('kippu')
    .description(
      "kippu's command line: verify tickets, dockets, revocation lists and statements offline; start billing runs; redrive dead-letter queues.",
    )
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  const context: CommandContext = { io, setExitCode: (code: number) => (exitCode = code) };
  registerVerify(program, context);
  registerStatements(program, context);
  registerBilling(program, context);
  registerDlq(program, context);
  // A command that only groups others (`dlq`) answers an unknown one as an error, with --help too:
  // commander would print the group's help for `kippu dlq inspect --help` and exit 0.
  program.hook('preSubcommand', (_program, group) => {
    if (group.commands.length === 0) return;
    const name = program.args.slice(1).find((arg) => !arg.startsWith('-'));
    const known = group.commands.some((command) => command.name() === name || command.aliases().includes(name ?? ''));
    if (name !== undefined && name !== 'help' && !known) {
      group.error(`error: unknown command '${name}'`, { code: 'commander.unknownCommand', exitCode: EXIT_USAGE });
    }
  });

  try {
    await program.parseAsync(withDashedValues(program, argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof CliError) {
      io.stderr(`kippu: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
};

/** The long names of every option, of every command, that takes a value (`--root-kid <kid>`) or several (`--pages <file...>`). */
const valuedOptions = (command: Command, variadic: boolean): Set<string> =>
  new Set([
    ...command.options.flatMap((option) =>
      option.required && option.long !== undefined && option.variadic === variadic ? [option.long] : [],
    ),
    ...command.commands.flatMap((sub) => [...valuedOptions(sub, variadic)]),
  ]);

/**
 * A value that starts with one dash (a kid is base64url: one in 64 starts with `-`) is given to
 * its option as `--name=value`: commander would read `--root-kid -Vx…` as the option -V
 * (--version). A value that starts with two dashes still reads as an option; write `--name=value`.
 * The same holds for every value of an option that takes several (`--pages a.json -p2.json`):
 * each word after it up to the next that starts with two dashes is one of its values, given
 * to it as `--pages=<value>` (commander collects repeats of such an option into one list).
 */
const withDashedValues = (program: Command, argv: readonly string[]): string[] => {
  const valued = valuedOptions(program, false);
  const variadic = valuedOptions(program, true);
  const out: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (variadic.has(arg) && next !== undefined && !next.startsWith('--')) {
      for (; index + 1 < argv.length && !(argv[index + 1] ?? '').startsWith('--'); index += 1) {
        out.push(`${arg}=${argv[index + 1] ?? ''}`);
      }
    } else if (valued.has(arg) && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${arg}=${next}`);
      index += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
};
