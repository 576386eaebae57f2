// What the benchmark scripts share: loopback ports, their servers as child processes, development tokens,
// CPU time from /proc, and scratch PostgreSQL databases.
'use strict';
const { execSync, spawn } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
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

/**
 * A node child process (`args`: node options and the script), resolved once its output matches `ready`, with what it
 * had written by then as `startupOutput`.
 */
function startProcess(args, env, ready) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.removeAllListeners('exit');
        done(Object.assign(child, { startupOutput: output }));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
function stopProcess(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** A bearer token as the API's development issuer signs it (HS256 with the API's JWT_SECRET). */
function devToken(secret, claims, ttlSeconds = 7200) {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'csp-dev', aud: 'csp-api', iat: now, exp: now + ttlSeconds, ...claims })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const TICK_US = 1e6 / 100; // USER_HZ, 100 on Linux

/** The thread's name and its user and system CPU µs, from a /proc `stat` file. */
function statCpu(path) {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    user: Number(fields[11]) * TICK_US,
    system: Number(fields[12]) * TICK_US,
  };
}

/**
 * CPU time in µs of a process (user and system, all threads) and of its main thread, or null where /proc
 * cannot be read (not Linux, or the process is gone).
 */
function processCpu(pid) {
  try {
    const all = statCpu(`/proc/${pid}/stat`);
    const main = statCpu(`/proc/${pid}/task/${pid}/stat`);
    return { user: all.user, system: all.system, main: main.user + main.system };
  } catch {
    return null;
  }
}

/** CPU µs (user and system) of each thread of a process, keyed `name#tid` (Linux only). */
function threadCpu(pid) {
  const threads = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, user, system } = statCpu(`/proc/${pid}/task/${tid}/stat`);
      threads[`${name}#${tid}`] = user + system;
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads;
}

/** CPU seconds of the local PostgreSQL server processes (1 s resolution each), or undefined. */
function postgresCpu() {
  try {
    return execSync('ps -C postgres -o times=', { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .reduce((sum, t) => sum + Number(t), 0);
  } catch {
    return undefined;
  }
}

/** A fresh database on the PostgreSQL server at `serverUrl`; `drop` removes it. */
async function scratchPostgresDatabase(serverUrl, prefix) {
  const { Client } = require('pg');
  const admin = async (text) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  const name = `${prefix}_${Date.now()}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database ${name} with (force)`) };
}

/** A process's resident memory in MiB, from /proc. */
function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

/** `NAME=value NAME2=value2` as an environment object: settings a benchmark gives one of the builds it compares. */
const envSettings = (text = '') =>
  Object.fromEntries(
    text
      .split(' ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );

module.exports = {
  accepts,
  devToken,
  envSettings,
  freePort,
  postgresCpu,
  processCpu,
  rssMiB,
  scratchPostgresDatabase,
  startProcess,
  stopProcess,
  threadCpu,
};
