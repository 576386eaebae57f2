/** The process environment, or a plain object standing in for it in specs. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Every problem of one application's configuration, each naming its variable; thrown once, after all were read. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${app}: cannot start, the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Typed readers of environment variables. An empty variable counts as unset. A reader that finds a bad value
 * records the problem and returns its fallback (a secret: the value as given, so later checks see it set),
 * so that loading goes on and reports every problem at once.
 * Messages never repeat a secret or a URL's value (a database URL carries its password).
 */
export interface EnvReader {
  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  integer(name: string, fallback: number, min: number, max: number): number;
  bool(name: string, fallback: boolean): boolean;
  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T;
  /** An absolute URL with one of `protocols` (such as `'https:'`), or undefined when unset. */
  url(name: string, protocols: readonly string[]): string | undefined;
  /** A secret of at least `minBytes` bytes (UTF-8), or undefined when unset. */
  secret(name: string, minBytes: number): string | undefined;
  /** A problem found by comparing several variables. */
  problem(name: string, message: string): void;
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const WEB = ['http:', 'https:'];

export function envReader(env: Env, problems: string[]): EnvReader {
  const raw = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const problem = (name: string, message: string) => void problems.push(`${name}: ${message}`);
  function string(name: string, fallback: string): string;
  function string(name: string): string | undefined;
  function string(name: string, fallback?: string): string | undefined {
    return raw(name) ?? fallback;
  }
  return {
    string,
    problem,
    integer(name, fallback, min, max) {
      const text = raw(name);
      if (text === undefined) return fallback;
      const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
      if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
      problem(name, `must be an integer from ${min} to ${max}, not "${text}"`);
      return fallback;
    },
    bool(name, fallback) {
      const text = raw(name)?.toLowerCase();
      if (text === undefined) return fallback;
      if (TRUE.includes(text)) return true;
      if (FALSE.includes(text)) return false;
      problem(name, `must be one of ${[...TRUE, ...FALSE].join(', ')}, not "${raw(name)}"`);
      return fallback;
    },
    oneOf(name, choices, fallback) {
      const text = raw(name);
      if (text === undefined) return fallback;
      if ((choices as readonly string[]).includes(text)) return text as (typeof choices)[number];
      problem(name, `must be ${choices.map((c) => `"${c}"`).join(' or ')}, not "${text}"`);
      return fallback;
    },
    url(name, protocols) {
      const text = raw(name);
      if (text === undefined) return undefined;
      // Connection strings of several hosts (esdb://a:2113,b:2113) are no WHATWG URLs: the scheme is what tells.
      const scheme = /^([a-z][a-z0-9+.-]*:)\/\/\S+$/i.exec(text)?.[1].toLowerCase();
      if (scheme === undefined) {
        problem(name, `is not an absolute URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`);
      } else if (!protocols.includes(scheme)) {
        problem(name, `must be a ${protocols.join(' or ')} URL, not ${scheme}`);
      } else if (WEB.includes(scheme) && !URL.canParse(text)) {
        problem(name, 'is not a valid URL');
      } else {
        return text;
      }
      return undefined;
    },
    secret(name, minBytes) {
      const text = raw(name);
      if (text === undefined) return undefined;
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes >= minBytes) return text;
      problem(name, `is ${bytes} bytes long; at least ${minBytes} are required (for example: openssl rand -hex 32)`);
      return text;
    },
  };
}

/** Reads one application's configuration with `build`; throws one ConfigError naming every problem found. */
export function readConfig<T>(app: string, env: Env, build: (read: EnvReader) => T): T {
  const problems: string[] = [];
  const config = build(envReader(env, problems));
  if (problems.length > 0) throw new ConfigError(app, problems);
  return config;
}

/**
 * For a process's entry point: the configuration, or its problems on stderr and exit code 1. An operator
 * needs the list of variables to fix, not a stack trace.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
