import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What one command line accepts, and the usage text printed for --help and for any mistake. */
export interface CommandLineSpec<O extends Options> {
  /** The command as a person types it, named in front of every error (e.g. `npm run token`). */
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  /** Whether words without a dash (sub-commands, names) are accepted; refused by default. */
  readonly positionals?: boolean;
}

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>>;

export type CommandLine<O extends Options> =
  | { readonly kind: 'run'; readonly values: Parsed<O>['values']; readonly positionals: string[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'mistake'; readonly message: string };

/** Parses `argv` with `node:util`'s parseArgs; `--help`/`-h` is always understood. Pure, for specs. */
export function interpretCommandLine<O extends Options>(spec: CommandLineSpec<O>, argv: readonly string[]): CommandLine<O> {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: spec.options,
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
    return { kind: 'run', values, positionals };
  } catch (error) {
    return { kind: 'mistake', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The command line of a CLI's entry point: `--help` prints the usage and exits 0; an unknown option, a
 * missing value or an unexpected argument prints what is wrong and the usage on stderr and exits 2.
 */
export function parseCommandLine<O extends Options>(spec: CommandLineSpec<O>, argv: readonly string[] = process.argv.slice(2)) {
  const line = interpretCommandLine(spec, argv);
  if (line.kind === 'help') {
    process.stdout.write(withNewline(spec.usage));
    process.exit(0);
  }
  if (line.kind === 'mistake') usageError(spec, line.message);
  return line;
}

/** A command line that parsed but makes no sense (a missing argument, two exclusive options): usage, exit 2. */
export function usageError(spec: Pick<CommandLineSpec<Options>, 'name' | 'usage'>, message: string): never {
  process.stderr.write(`${spec.name}: ${message}\n\n${withNewline(spec.usage)}`);
  process.exit(2);
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
