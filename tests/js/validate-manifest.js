// Validates a Teams app manifest against the official JSON schema shipped in npm @microsoft/app-manifest
// (draft-04 schemas, so Ajv's draft-04 build, with formats).
// argv[2]: the manifestVersion whose schema to use, e.g. "1.22"; stdin: the manifest JSON.
// stdout: { "schema": path, "errors": [{ "instancePath", "message", "params" }] }
'use strict';
const path = require('path');
const fs = require('fs');
const { readStdinJson, writeJson, requirePackage } = require('./io');
const Ajv = requirePackage('ajv-draft-04');
const addFormats = requirePackage('ajv-formats');

const version = process.argv[2];
if (!/^\d+\.\d+$/.test(version || '')) {
  process.stderr.write('usage: node validate-manifest.js 1.NN < manifest.json\n');
  process.exit(2);
}
const packageRoot = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemaPath = path.join(packageRoot, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
if (!fs.existsSync(schemaPath)) {
  process.stderr.write(`@microsoft/app-manifest has no schema for manifest version ${version} (${schemaPath})\n`);
  process.exit(3);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const manifest = readStdinJson();
validate(manifest);
writeJson({
  schema: schemaPath,
  errors: (validate.errors || []).map((e) => ({ instancePath: e.instancePath, message: e.message, params: e.params })),
});
