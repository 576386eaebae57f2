// The API from dist/ (Nest 12 is ESM, which jest's CommonJS runtime cannot load) with one extra public route,
// POST /test/gated-append, whose handler waits for `release` on stdin and then appends to the event store.
// stdout: JSON lines {url}, {entered}, {outcome: {appended} | {error}}, {closed}. stdin lines: close, release.
const { format } = require('node:util');
const readline = require('node:readline');
const dist = (path) => require(`../../../dist/${path}`);

console.log = (...args) => process.stderr.write(`${format(...args)}\n`);
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const { Controller, Inject, Module, Post } = require('@nestjs/common');
const { EventStoreDBClient, jsonEvent } = require('@eventstore/db-client');
const { ForAudience } = dist('apps/api/src/auth/auth.decorators');
const { loadConfig } = dist('apps/api/src/config');
const { createApp } = dist('apps/api/src/create-app');

let release;
const gate = new Promise((resolve) => (release = resolve));

class GatedAppendController {
  constructor(client) {
    this.client = client;
  }
  async append() {
    say({ entered: true });
    await gate;
    try {
      await this.client.appendToStream('gated-1', jsonEvent({ type: 'Gated', data: {} }));
      say({ outcome: { appended: true } });
    } catch (error) {
      say({ outcome: { error: String(error) } });
    }
    return { ok: true };
  }
}
Inject(EventStoreDBClient)(GatedAppendController, undefined, 0);
const append = Object.getOwnPropertyDescriptor(GatedAppendController.prototype, 'append');
Post('test/gated-append')(GatedAppendController.prototype, 'append', append);
ForAudience('public')(GatedAppendController.prototype, 'append', append);
Controller()(GatedAppendController);
class GatedModule {}
Module({ controllers: [GatedAppendController] })(GatedModule);

async function main() {
  const app = await createApp(loadConfig(process.env), { logLevels: ['error'], extraModules: [GatedModule] });
  say({ url: app.url });
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'release') release();
    if (line === 'close')
      app.close().then(
        () => say({ closed: true }),
        (error) => say({ closed: true, error: String(error) }),
      );
  });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
