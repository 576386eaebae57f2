// The API from dist/ (Nest 12 is ESM, which jest's CommonJS runtime cannot load, so specs run it as a child
// process) with the read-model endpoints and a projector on the API's own database. Prints one JSON line
// with its URL once listening; SIGTERM closes everything.
const dist = (path) => require(`../../../dist/${path}`);
const { loadConfig } = dist('apps/api/src/config');
const { createApp } = dist('apps/api/src/create-app');
const { QueriesModule } = dist('apps/api/src/queries');
const { Projector, EsdbEventSource } = dist('libs/read-models/src');

async function main() {
  const holder = {};
  const config = loadConfig({ ...process.env, PROJECTOR: 'off' });
  let app;
  try {
    app = await createApp(config, { logLevels: ['error'], extraModules: [QueriesModule.forRoot(holder)] });
  } catch (error) {
    // Once the AppModule itself imports QueriesModule its routes exist already.
    if (!/already declared|duplicate/i.test(String(error && error.message))) throw error;
    app = await createApp(config, { logLevels: ['error'] });
  }
  const projector = await Projector.start({ db: app.resources.db, source: new EsdbEventSource(app.resources.client), lingerMs: 5 });
  holder.current = projector;
  process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
  process.on('SIGTERM', async () => {
    await projector.stop();
    await app.close();
    process.exit(0);
  });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
