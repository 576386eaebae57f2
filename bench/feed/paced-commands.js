// Commands at a fixed rate (open loop): AddCustomer and ChangeLicenseCount in turn over the bench partners, one every
// 1/rate seconds whatever the answers do, so that two runs of the same rate ask the API for the same work and the
// difference in its CPU is what else it did (the feed). autocannon's own rate sends each second's requests in a burst
// at the start of the second, which would show as a burst of events and a delay tail that is the driver's.
'use strict';
const { Agent, request } = require('node:http');

/**
 * Sends `rate` commands per second for `seconds` to `base`, at most `connections` at once; a tick that finds them all
 * busy is skipped and counted (the API does not keep up with the rate: the run says so rather than queueing).
 */
async function pacedCommands(base, partners, { rate, seconds, connections }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const result = { sent: 0, ok: 0, failed: 0, skipped: 0 };
  let inFlight = 0;
  let turn = 0;
  const send = () => {
    const partner = partners[turn % partners.length];
    const setup = turn++ % 2 === 0 ? partner.addCustomer[0] : partner.changeLicenseCount[0];
    const { method, path, body } = setup.setupRequest({ method: 'POST', path: '/v1/customers' });
    inFlight++;
    result.sent++;
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...partner.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          inFlight--;
          if (res.statusCode < 300) result.ok++;
          else result.failed++;
        });
      },
    );
    req.once('error', () => (inFlight--, result.failed++));
    req.end(body);
  };
  const startedAt = performance.now();
  const total = Math.round(rate * seconds);
  for (let due = 0; due < total;) {
    const now = performance.now();
    // Every tick already due goes now (a timer that woke late catches up at once, keeping the rate).
    for (; due < total && startedAt + (due * 1000) / rate <= now; due++) {
      if (inFlight >= connections) result.skipped++;
      else send();
    }
    if (due < total) await new Promise((done) => setTimeout(done, Math.max(0, startedAt + (due * 1000) / rate - performance.now())));
  }
  while (inFlight > 0) await new Promise((done) => setTimeout(done, 10));
  agent.destroy();
  return result;
}

module.exports = { pacedCommands };
