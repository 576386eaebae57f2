// The validation pipe's two shortcuts on their own, each against the path it replaces, in alternating rounds in one
// process, with every DTO class of the application loaded (as in the running API: class-validator's own lookup of a
// class's rules grows with their number). Needs `npm run build`.
//   - the instance (apps/api/src/http/dto-instance.ts): ChangeLicenseCount's flat body filled directly, against the
//     same body through class-transformer (the path a query string takes);
//   - the rules (apps/api/src/http/validation-metadata.ts): the body validated with the cached lookup of its class's
//     rules, against class-validator's own lookup.
//   BENCH_ROUNDS      rounds of each (default 10)
//   BENCH_ITERATIONS  bodies per round (default 50,000)
'use strict';
const { resolve } = require('node:path');
require('reflect-metadata');
const dist = (path) => require(resolve(__dirname, '../../dist', path));
dist('apps/api/src/app.module');
const { DtoValidationPipe } = dist('apps/api/src/http/validation.pipe');
const { cacheValidationMetadata } = dist('apps/api/src/http/validation-metadata');
const { ChangeLicenseCountDto } = dist('apps/api/src/subscriptions/subscriptions.dto');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50_000);
// Installed here, before the pipe would install it for good, so that rounds can take it out again.
let restore = cacheValidationMetadata();
const pipe = new DtoValidationPipe();
const body = { type: 'body', metatype: ChangeLicenseCountDto };
const query = { type: 'query', metatype: ChangeLicenseCountDto };
const cached = () => {
  restore();
  restore = cacheValidationMetadata();
};
const uncached = () => restore();

const comparisons = [
  { name: 'instance', shortcut: ['filled (body)', body, cached], replaced: ['class-transformer (as a query)', query, cached] },
  { name: 'rules', shortcut: ['cached lookup', body, cached], replaced: ["class-validator's lookup", body, uncached] },
];

function round([, metadata, setUp]) {
  setUp();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) pipe.transform({ licenseCount: 1 + (i % 100) }, metadata);
  return Number(process.hrtime.bigint() - started) / ITERATIONS / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`ChangeLicenseCount's body through DtoValidationPipe, ${ROUNDS} alternating rounds of ${ITERATIONS}`);
for (const { name, shortcut, replaced } of comparisons) {
  const times = [[], []];
  round(shortcut);
  round(replaced);
  for (let r = 0; r < ROUNDS; r++) [shortcut, replaced].forEach((way, i) => times[i].push(round(way)));
  const [fast, slow] = times.map(median);
  console.log(`  ${name}: ${shortcut[0]} ${fast.toFixed(2)} µs, ${replaced[0]} ${slow.toFixed(2)} µs per body (medians)`);
  console.log(`  ${name} shortcut speed-up: ${(slow / fast).toFixed(2)}×`);
}
