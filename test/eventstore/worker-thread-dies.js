// Stand-in for the server thread (worker-server.e2e.spec.ts): reports ready, then dies of an uncaught error.
'use strict';
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ kind: 'ready', port: 1, connectionString: 'esdb://127.0.0.1:1?tls=false' });
setTimeout(() => {
  throw new Error('boom in the server thread');
}, 50);
