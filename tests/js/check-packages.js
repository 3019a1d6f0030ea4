// Exit 0 when every npm package the card and manifest tests use resolves; otherwise list the missing ones and exit 3.
'use strict';
const needed = ['adaptivecards-templating', 'adaptive-expressions', 'adaptivecards/dist/adaptivecards.js', 'jsdom', 'ajv', 'ajv-draft-04', 'ajv-formats', '@microsoft/app-manifest/package.json'];
const missing = needed.filter((name) => {
  try { require.resolve(name); return false; } catch { return true; }
});
if (missing.length > 0) {
  process.stderr.write(`missing npm packages: ${missing.join(', ')}\n`);
  process.exit(3);
}
process.stdout.write('ok');
