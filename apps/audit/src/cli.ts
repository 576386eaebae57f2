import { readFileSync } from 'node:fs';
import { parseCommandLine, usageError } from '@app/config';
// File by file rather than the library's index, and the store check on demand: verify and export then start without
// loading the store's client and server.
import { publicKeyFromPem } from '@app/audit/signing-key';
import { describeVerdict, verifyExportFile } from '@app/audit/verify-export-file';
import { isValidId } from '@app/domain/stream-names';
import { CommandFailure, exportToFile, publicKeyToFile, type ExportArguments } from './export-command';

const USAGE = `Exports that prove themselves complete and untampered, their offline verification, and the store-side check.

Usage:
  npm run audit -- export --url <api base URL> --token <bearer> (--customer <id> | --partner <id> | --all) --out <file>
      writes a signed NDJSON export through the API (an Auditor or PlatformAuditor token: npm run token -- --help);
      a progress line on stderr at most once a second
  npm run audit -- public-key --url <api base URL> --out <file>
      saves the deployment's audit public key (PEM), served at /.well-known/audit-public-key.pem
  npm run audit -- verify <file> --public-key <file>
      needs no server: recomputes every chain link and the manifest's signature; exits 0 and prints
      "intact: N events, S streams", or exits 1 and prints the line number (1-based) of the first event altered,
      removed, inserted, reordered or cut off, and what is wrong
  npm run audit -- check [--store <connection string>]
      walks the whole log and verifies every stream's chain against the store itself, printing every break
      (stream, revision) and exiting 1 if any; progress on stderr. The store: --store, else EVENTSTORE_URL, else
      the embedded store's files in DATA_DIR/eventstore (only while no API holds them)
  npm run audit -- --help

Exit codes: 0 done (intact), 1 failed (not intact, or the API or store refused), 2 a wrong or missing argument.`;

const commandLine = {
  name: 'npm run audit',
  usage: USAGE,
  positionals: true,
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    customer: { type: 'string' },
    partner: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string' },
    'public-key': { type: 'string' },
    store: { type: 'string' },
  },
} as const;

type Values = ReturnType<typeof parseCommandLine<typeof commandLine.options>>['values'];
const OPTIONS_OF: Record<string, readonly (keyof Values)[]> = {
  export: ['url', 'token', 'customer', 'partner', 'all', 'out'],
  'public-key': ['url', 'out'],
  verify: ['public-key'],
  check: ['store'],
};

function fail(message: string): never {
  usageError(commandLine, message);
}

function required(values: Values, name: 'url' | 'token' | 'out' | 'public-key'): string {
  const value = values[name];
  if (value === undefined || value === '') fail(`--${name} is required`);
  return value;
}

function urlOf(values: Values): string {
  const url = required(values, 'url');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) fail(`--url must be an http(s) URL, not "${url}"`);
  return url;
}

function selectionOf(values: Values): ExportArguments['selection'] {
  const given = (['customer', 'partner', 'all'] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1) fail('give exactly one of --customer <id>, --partner <id> or --all');
  if (values.all) return { all: true };
  const [kind, id] = values.customer !== undefined ? (['customer', values.customer] as const) : (['partner', values.partner!] as const);
  if (!isValidId(id)) fail(`--${kind}: "${id}" is not a valid id (1-64 letters, digits or dashes)`);
  return kind === 'customer' ? { customer: id } : { partner: id };
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(commandLine);
  const [command, ...args] = positionals;
  if (command === undefined) fail('a command is required: export, public-key, verify or check');
  const allowed = OPTIONS_OF[command];
  if (!allowed) fail(`unknown command "${command}"`);
  const misplaced = (Object.keys(values) as (keyof Values)[]).find((name) => values[name] !== undefined && !allowed.includes(name));
  if (misplaced) fail(`--${misplaced} is not an option of ${command}`);
  if (command !== 'verify' && args.length > 0) fail(`${command} takes no argument, not "${args[0]}"`);
  switch (command) {
    case 'export': {
      const events = await exportToFile({
        url: urlOf(values),
        token: required(values, 'token'),
        selection: selectionOf(values),
        out: required(values, 'out'),
      });
      process.stdout.write(`exported ${events} events, their streams' heads and the signed manifest to ${values.out}\n`);
      return 0;
    }
    case 'public-key':
      await publicKeyToFile(urlOf(values), required(values, 'out'));
      process.stdout.write(`saved the audit public key to ${values.out}\n`);
      return 0;
    case 'verify': {
      if (args.length !== 1) fail('verify takes one export file');
      const publicKey = readPublicKey(required(values, 'public-key'));
      const verdict = await verifyExportFile(args[0], publicKey).catch((error: NodeJS.ErrnoException) =>
        fail(`cannot read ${args[0]}: ${error.code ?? error.message}`),
      );
      process.stdout.write(`${describeVerdict(verdict)}\n`);
      return verdict.intact ? 0 : 1;
    }
    default: {
      const { checkStore } = await import('./check-command');
      return (await checkStore(values.store)) === 0 ? 0 : 1;
    }
  }
}

function readPublicKey(file: string) {
  try {
    return publicKeyFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(
      `--public-key: cannot read an Ed25519 public key from ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`npm run audit: ${error instanceof CommandFailure || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
