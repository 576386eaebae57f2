#!/usr/bin/env node
// tsc keeps `@app/<lib>` imports as written; node cannot resolve them, so the build turns them into
// relative paths inside dist/. (SWC would do this itself, but its platform binaries are not all on
// the registry this project installs from, which breaks `npm ci`.)
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
const alias = /(require\(|from\s+|import\()(['"])@app\/([a-z0-9-]+)(\/[^'"]*)?\2/g;

function rewrite(file) {
  const source = fs.readFileSync(file, 'utf8');
  const output = source.replace(alias, (_, call, quote, lib, sub = '') => {
    const target = path.join(dist, 'libs', lib, 'src') + sub;
    let relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `${call}${quote}${relative}${quote}`;
  });
  if (output !== source) fs.writeFileSync(file, output);
}

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.js')) rewrite(full);
  }
}

walk(dist);
