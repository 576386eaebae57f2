import fs from 'node:fs';
import path from 'node:path';
import { cataloguePaths, regenerateCommand, repositoryRoot, toFileText, type EventCatalogue } from './catalogue';
import { catalogueIncompatibilities } from './compatibility';
import { asyncApiDocument } from './asyncapi-document';
import { generateSchemas } from './generate-catalogue';

/**
 * `npm run catalogue`: writes docs/events/catalogue.json and docs/asyncapi.json from the code's types. It refuses, and writes nothing,
 * when a published version would change incompatibly: that change needs a new version of the type instead.
 */
function main(): number {
  const root = repositoryRoot();
  const file = path.join(root, cataloguePaths.catalogue);
  const schemas = generateSchemas(root);
  const { catalogue } = schemas;
  if (fs.existsSync(file)) {
    const published = JSON.parse(fs.readFileSync(file, 'utf8')) as EventCatalogue;
    const problems = catalogueIncompatibilities(published, catalogue);
    if (problems.length > 0) {
      process.stderr.write(
        `${regenerateCommand}: incompatible changes to published event versions; nothing written.\n` +
          problems.map((problem) => `  - ${problem}\n`).join('') +
          'Keep the published shape and add a new version instead: the old shape into LegacyEventData ' +
          '(libs/domain/src/legacy-events.ts) and an upcaster step from it (libs/domain/src/upcasters.ts).\n',
      );
      return 1;
    }
  }
  writeIfChanged(root, cataloguePaths.catalogue, toFileText(catalogue));
  writeIfChanged(root, cataloguePaths.asyncApi, toFileText(asyncApiDocument(schemas)));
  return 0;
}

/** An unchanged file keeps its modification time: the API's build copies docs/asyncapi.json and rebuilds when it is newer. */
function writeIfChanged(root: string, relative: string, text: string): void {
  const file = path.join(root, relative);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) {
    process.stdout.write(`${relative} is up to date\n`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stdout.write(`wrote ${relative}\n`);
}

process.exitCode = main();
