import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine } from '@app/config';
import { COMMITTED_DOCUMENT, generateOpenApiDocument } from './generate';

const USAGE = `Writes the API's OpenAPI document to ${COMMITTED_DOCUMENT}, without starting the API.

Usage: npm run openapi [-- --stdout]

  --stdout   print the document instead of writing the file`;

const { values } = parseCommandLine({ name: 'npm run openapi', usage: USAGE, options: { stdout: { type: 'boolean' } } });
generateOpenApiDocument().then(
  (text) => {
    if (values.stdout) {
      process.stdout.write(text);
      return;
    }
    // dist/apps/api/src/openapi/ → the repository's root.
    writeFileSync(resolve(__dirname, '../../../../..', COMMITTED_DOCUMENT), text);
    process.stdout.write(`wrote ${COMMITTED_DOCUMENT}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
