import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggestion } from '@xlnlu/text';

/** An option of a command: parseArgs's own settings and one line of help. */
interface DescribedOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  default?: string | boolean | string[] | boolean[];
  /** What the option does, for --help. */
  help: string;
}

/** A command: how it is called, what it does, and its options (parseArgs's settings with help). */
export interface CommandDescription {
  /** e.g. `npx nx run train:train -- [options]`. */
  usage: string;
  /** A sentence or two: what the command does. */
  summary: string;
  options: Record<string, DescribedOption>;
  /** Free arguments after the options (e.g. texts to parse). */
  positionals?: string;
}

type ConfigOf<C extends CommandDescription> = { options: C['options']; strict: true; allowPositionals: boolean };

/** The --help text: usage, summary, and one line per option with its default. */
export function helpText(command: CommandDescription): string {
  const rows = Object.entries({ ...command.options, help: { type: 'boolean', help: 'print this help and exit' } as DescribedOption }).map(
    ([name, option]) => {
      const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? '=<value>' : ''}${option.multiple ? ' …' : ''}`;
      const fallback =
        option.default === undefined || option.default === false || (Array.isArray(option.default) && option.default.length === 0)
          ? ''
          : ` (default: ${Array.isArray(option.default) ? option.default.join(', ') : String(option.default)})`;
      return [flag, `${option.help}${fallback}`] as const;
    },
  );
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.positionals ? ['', `arguments: ${command.positionals}`] : []),
    '',
    'options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ].join('\n');
}

/** Thrown for a command line that cannot be parsed; `exitWithUsage` prints it. */
export class CommandLineError extends Error {}

/** The parseArgs error in our words: the flag, the nearest known one, what was expected. */
function describeParseError(error: Error & { code?: string }, command: CommandDescription): string {
  const known = Object.keys(command.options).map((name) => `--${name}`);
  const unknown = /Unknown option '([^']+)'/u.exec(error.message)?.[1];
  if (unknown) return `unknown option ${unknown}${suggestion(unknown.split('=')[0], known)}`;
  const missing = /Option '(?:-\w, )?(--[^ ']+)[^']*' argument missing/u.exec(error.message)?.[1];
  if (missing) return `option ${missing} needs a value (${missing}=<value>)`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument: ${error.message.split("'")[1] ?? error.message}`;
  return error.message;
}

/**
 * Parses the command line as parseArgs does (strict), with `--help`/`-h` and errors a user can act
 * on: an unknown flag names the nearest known one; both print the usage and exit (0 for help, 2
 * for a usage error), so no command prints a Node stack for a typo.
 */
export function parseCommandLine<C extends CommandDescription>(
  command: C,
  argv?: readonly string[],
): ReturnType<typeof parseArgs<ConfigOf<C>>> {
  if (argv === undefined) reportUncaughtErrorsInOneLine();
  return parseGiven(command, argv ?? process.argv.slice(2));
}

let reporting = false;

/**
 * For a command (not a library or a spec): an error nothing caught, at the top level of a module
 * or in a promise, is printed as `error: <message>` and exits 1, as the commands' own handlers do;
 * XLNLU_DEBUG=1 adds the stack.
 */
function reportUncaughtErrorsInOneLine(): void {
  if (reporting) return;
  reporting = true;
  const report = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}${process.env['XLNLU_DEBUG'] && error instanceof Error ? `\n${error.stack}` : ''}`);
    process.exit(1);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

function parseGiven<C extends CommandDescription>(command: C, argv: readonly string[]): ReturnType<typeof parseArgs<ConfigOf<C>>> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText(command));
    process.exit(0);
  }
  // parseArgs takes the settings without the help lines
  const options: ParseArgsConfig['options'] = {};
  for (const [name, described] of Object.entries(command.options)) {
    const settings: Partial<DescribedOption> = { ...described };
    delete settings.help;
    options[name] = settings as NonNullable<ParseArgsConfig['options']>[string];
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: command.positionals !== undefined }) as ReturnType<
      typeof parseArgs<ConfigOf<C>>
    >;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`error: ${describeParseError(error as Error, command)}\nusage: ${command.usage}\n(--help lists the options)`);
    process.exit(2);
  }
}
