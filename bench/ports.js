// Loopback port helpers shared by the benchmark scripts (each starts its servers as child processes).
'use strict';
const { createConnection, createServer } = require('node:net');

/** A port that was free a moment ago, for a child process to listen on. */
function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** Whether something accepts TCP connections on the port yet. */
function accepts(port) {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

module.exports = { freePort, accepts };
