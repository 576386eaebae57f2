// The validation pipe's one shortcut (apps/api/src/http/dto-instance.ts) on its own: the time to turn a parsed body
// into its validated DTO instance, for ChangeLicenseCount's flat body filled directly against the same body through
// class-transformer (the path a query string takes), alternating rounds in one process. Needs `npm run build`.
//   BENCH_ROUNDS      rounds of each (default 10)
//   BENCH_ITERATIONS  bodies per round (default 50,000)
'use strict';
const { resolve } = require('node:path');
require('reflect-metadata');
const { DtoValidationPipe } = require(resolve(__dirname, '../../dist/apps/api/src/http/validation.pipe'));
const { ChangeLicenseCountDto } = require(resolve(__dirname, '../../dist/apps/api/src/subscriptions/subscriptions.dto'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50_000);
const pipe = new DtoValidationPipe();
const ways = {
  'filled (body)': { type: 'body', metatype: ChangeLicenseCountDto },
  'class-transformer (as a query)': { type: 'query', metatype: ChangeLicenseCountDto },
};

function round(metadata) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) pipe.transform({ licenseCount: 1 + (i % 100) }, metadata);
  return Number(process.hrtime.bigint() - started) / ITERATIONS / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (const metadata of Object.values(ways)) round(metadata);
for (let r = 0; r < ROUNDS; r++) for (const [name, metadata] of Object.entries(ways)) times[name].push(round(metadata));
console.log(`ChangeLicenseCount's body through DtoValidationPipe, ${ROUNDS} alternating rounds of ${ITERATIONS}`);
for (const [name, values] of Object.entries(times)) console.log(`  ${name}: median ${median(values).toFixed(2)} µs per body`);
const [filled, transformer] = Object.values(times).map(median);
console.log(`  shortcut speed-up: ${(transformer / filled).toFixed(2)}×`);
