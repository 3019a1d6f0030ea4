// Shared helpers for the node scripts the C# tests run: read JSON from stdin, write JSON to stdout,
// and fail loudly (exit code 3, a plain message) when an npm package is missing.
'use strict';

function readStdinJson() {
  const text = require('fs').readFileSync(0, 'utf8');
  return JSON.parse(text);
}

function writeJson(value) {
  process.stdout.write(JSON.stringify(value));
}

function requirePackage(name) {
  try {
    return require(name);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') {
      process.stderr.write(`npm package '${name}' is missing: run "npm install --no-audit --no-fund" at the repository root.\n${e.message}\n`);
      process.exit(3);
    }
    throw e;
  }
}

module.exports = { readStdinJson, writeJson, requirePackage };
