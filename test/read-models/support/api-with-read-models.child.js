// The API from dist/ as `npm start` builds it (Nest 12 is ESM, which jest's CommonJS runtime cannot load, so
// specs run it as a child process), with PROJECTOR=inline: the read-model endpoints and the projector in the
// API process. Prints one JSON line `{ "apiUrl": … }` on stdout once listening; SIGTERM closes everything.
const { format } = require('node:util');
const dist = (path) => require(`../../../dist/${path}`);

// Log lines go to stderr: stdout carries only the line that says where the API listens.
console.log = (...args) => process.stderr.write(`${format(...args)}\n`);
const { loadConfig } = dist('apps/api/src/config');
const { createApp } = dist('apps/api/src/create-app');

async function main() {
  const app = await createApp(loadConfig({ ...process.env, PROJECTOR: 'inline' }), { logLevels: ['error'] });
  process.stdout.write(`${JSON.stringify({ apiUrl: app.url, url: app.url })}\n`);
  process.on('SIGTERM', async () => {
    await app.close();
    process.exit(0);
  });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
