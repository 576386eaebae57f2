import { configOrExit, parseCommandLine, usageError } from '@app/config';
import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { allProjections, EsdbEventSource, findProjection, migrateReadModels, projectionStatuses, ProjectionStatus } from '@app/read-models';
import { createLogger, libraryLogger } from '@app/logging';
import { loadProjectorConfig } from './config';
import { connectEventStore } from './event-store-connection';
import { rebuildProjection } from './rebuild';

const USAGE = `Usage: npm run projections -- <command>

  status [--json]     each projection: version, active generation, checkpoint, lag (events, seconds), state
  rebuild <name>      build a new generation of <name> from the start of the log, then switch readers to it
  help                this text

Projections: ${allProjections.map((p) => p.name).join(', ')}
Environment: EVENTSTORE_URL, DATABASE_URL, DATA_DIR (as for the API).`;

const commandLine = {
  name: 'npm run projections',
  usage: USAGE,
  options: { json: { type: 'boolean', default: false } },
  positionals: true,
} as const;

function formatStatus(statuses: readonly ProjectionStatus[]): string {
  const header = ['projection', 'version', 'generation', 'checkpoint', 'applied', 'lag events', 'lag s', 'state'];
  const rows = statuses.map((s) => [
    s.name,
    String(s.version) + (s.activeVersion !== undefined && s.activeVersion !== s.version ? ` (active v${s.activeVersion})` : ''),
    s.activeGeneration === undefined ? '-' : String(s.activeGeneration) + (s.building ? ` (building ${s.building.generation})` : ''),
    s.checkpoint ? String(s.checkpoint.commit) : 'start',
    String(s.eventsApplied),
    `${s.lagEvents}${s.lagEventsCapped ? '+' : ''}`,
    s.lagSeconds.toFixed(1),
    s.state,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(commandLine);
  const [command, ...args] = positionals;
  if (command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === undefined) usageError(commandLine, 'a command is required');
  if (command !== 'status' && command !== 'rebuild') usageError(commandLine, `unknown command "${command}"`);
  if (command === 'status' && args.length > 0) usageError(commandLine, `status takes no argument, not "${args[0]}"`);
  if (command === 'rebuild' && values.json) usageError(commandLine, '--json is an option of status');
  if (command === 'rebuild' && args.length !== 1) usageError(commandLine, 'rebuild takes one projection name');
  const projection = command === 'rebuild' ? findProjection(args[0]) : undefined;
  if (command === 'rebuild' && !projection) {
    usageError(commandLine, `no projection "${args[0]}"; rebuild needs one of: ${allProjections.map((p) => p.name).join(', ')}`);
  }
  const config = configOrExit(() => loadProjectorConfig('projections'));
  const connection = await connectEventStore(config);
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
  try {
    await migrateReadModels(db);
    const source = new EsdbEventSource(connection.client);
    if (command === 'status') {
      const statuses = await projectionStatuses(db, source, allProjections);
      console.log(values.json ? JSON.stringify(statuses, null, 2) : formatStatus(statuses));
      return 0;
    }
    const tty = process.stderr.isTTY;
    const result = await rebuildProjection(db, source, projection!, {
      logger: libraryLogger(createLogger(config.logLevel), 'projections'),
      report: (line) => process.stderr.write(tty ? `\r${line}` : `${line}\n`),
    });
    process.stderr.write(tty ? '\n' : '');
    console.log(
      `${projection!.name}: generation ${result.generation} built from ${result.events} events in ${result.seconds.toFixed(1)} s and now serves readers`,
    );
    return 0;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
