// The generated history every read-model benchmark uses, scaled from BENCH_EVENTS: one customer per five
// events, one provider holding half of them, thousands of partners at 1M events.
'use strict';

function historyOptions(events) {
  const customers = Math.round(events / 5);
  const scale = Math.min(1, events / 1_000_000);
  return {
    seed: 2026,
    events,
    customers,
    bigProviderCustomers: Math.round(customers / 2),
    directPartners: Math.max(20, Math.round(2000 * scale)),
    providers: Math.max(5, Math.round(50 * scale)),
    resellers: Math.max(20, Math.round(2000 * scale)),
  };
}

module.exports = { historyOptions };
