// Expands Adaptive Card templates with the official engine (npm adaptivecards-templating).
// stdin: [{ "id": string, "template": object, "data": object }]
// stdout: [{ "id", "card"?, "warnings": string[], "error"? }]
'use strict';
const { readStdinJson, writeJson, requirePackage } = require('./io');
const ACData = requirePackage('adaptivecards-templating');

const results = readStdinJson().map(({ id, template, data }) => {
  try {
    const t = new ACData.Template(template);
    const card = t.expand({ $root: data });
    return { id, card, warnings: t.getLastTemplateExpansionWarnings() };
  } catch (e) {
    return { id, warnings: [], error: String(e && e.message ? e.message : e) };
  }
});
writeJson(results);
