// The ceiling the audit benchmarks compare with: reading all of `$all` through the official client.
'use strict';

const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

/** Reads all of `$all` through the client: the rate nothing built on the client can beat. */
async function readAllRate(client) {
  const started = process.hrtime.bigint();
  let events = 0;
  for await (const resolved of client.readAll()) if (resolved.event && !resolved.event.streamId.startsWith('$')) events++;
  return { events, seconds: seconds(started), rate: events / seconds(started) };
}

module.exports = { readAllRate };
