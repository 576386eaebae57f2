import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { allProjections, EsdbEventSource, findProjection, jsonLineLogger, migrateReadModels, projectionStatuses, ProjectionStatus } from '@app/read-models';
import { loadConfig } from '../../api/src/config';
import { connectEventStore } from './event-store-connection';
import { rebuildProjection } from './rebuild';

const usage = `Usage: npm run projections -- <command>

  status [--json]     each projection: version, active generation, checkpoint, lag (events, seconds), state
  rebuild <name>      build a new generation of <name> from the start of the log, then switch readers to it
  help                this text

Projections: ${allProjections.map((p) => p.name).join(', ')}
Environment: EVENTSTORE_URL, DATABASE_URL, DATA_DIR (as for the API).`;

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

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  if (command !== 'status' && command !== 'rebuild') {
    console.error(`unknown command "${command}"\n\n${usage}`);
    return 1;
  }
  const projection = command === 'rebuild' ? findProjection(args[0] ?? '') : undefined;
  if (command === 'rebuild' && !projection) {
    console.error(`rebuild needs a projection name, one of: ${allProjections.map((p) => p.name).join(', ')}`);
    return 1;
  }
  const config = loadConfig();
  const connection = await connectEventStore(config);
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
  try {
    await migrateReadModels(db);
    const source = new EsdbEventSource(connection.client);
    if (command === 'status') {
      const statuses = await projectionStatuses(db, source, allProjections);
      console.log(args.includes('--json') ? JSON.stringify(statuses, null, 2) : formatStatus(statuses));
      return 0;
    }
    const tty = process.stderr.isTTY;
    const result = await rebuildProjection(db, source, projection!, {
      logger: jsonLineLogger,
      report: (line) => process.stderr.write(tty ? `\r${line}` : `${line}\n`),
    });
    process.stderr.write(tty ? '\n' : '');
    console.log(`${projection!.name}: generation ${result.generation} built from ${result.events} events in ${result.seconds.toFixed(1)} s and now serves readers`);
    return 0;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
