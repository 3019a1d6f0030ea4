// Parses expanded cards with the official renderer library (npm adaptivecards, in a jsdom window) and
// reports everything it complains about.
// stdin: [{ "id": string, "card": object }]
// stdout: [{ "id", "version" (the card's, as parsed), "parseEvents": [...], "validationEvents": [...], "dropped": [...], "renderError"? }]
//   parseEvents      — events logged while parsing (unknown element or action types, bad values, ...)
//   validationEvents — card.validateProperties() (missing required properties, duplicate ids, ...)
//   dropped          — properties present in the card that the library does not know, so a client would ignore them
'use strict';
const { readStdinJson, writeJson, requirePackage } = require('./io');
const { JSDOM } = requirePackage('jsdom');

// The renderer needs a DOM: give it a jsdom window's globals (HTMLElement, HTMLButtonElement, document, ...).
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
global.window = dom.window;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in global)) {
    try { global[key] = dom.window[key]; } catch { /* read-only in node */ }
  }
}
// Keep stdout for the JSON result: the library logs to the console.
console.log = console.warn = console.info = (...args) => process.stderr.write(args.join(' ') + '\n');
// The package's lib/ folder is ES modules with extensionless imports that node cannot load; the UMD bundle is the same code.
const AC = requirePackage('adaptivecards/dist/adaptivecards.js');
// Teams renders markdown itself; say it is handled so the library does not warn on every TextBlock.
AC.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = text; result.didProcess = true; };

function eventsOf(context) {
  const events = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
  }
  return events;
}

// Properties of the input that do not survive parse + toJSON. toJSON leaves out values equal to the
// default, so a dropped property only counts when its value is not that default.
function dropped(input, output, path, out) {
  if (Array.isArray(input)) {
    input.forEach((item, i) => dropped(item, Array.isArray(output) ? output[i] : undefined, `${path}[${i}]`, out));
    return;
  }
  if (input === null || typeof input !== 'object') return;
  for (const key of Object.keys(input)) {
    if (key === '$schema') continue;
    const inner = `${path}.${key}`;
    if (output === undefined || output === null || !(key in output)) {
      if (!isDefault(key, input[key])) out.push(`${inner} = ${JSON.stringify(input[key])}`);
      continue;
    }
    dropped(input[key], output[key], inner, out);
  }
}

const defaults = {
  wrap: false, isSubtle: false, separator: false, isMultiline: false, isRequired: false,
  spacing: 'default', weight: 'default', size: 'default', color: 'default', style: 'default',
  valueOn: 'true', valueOff: 'false', associatedInputs: 'auto', value: 'false',
};
function isDefault(key, value) {
  if (!(key in defaults)) return false;
  return String(value).toLowerCase() === String(defaults[key]).toLowerCase();
}

const results = readStdinJson().map(({ id, card: payload }) => {
  // Parse as a 1.5 host would: properties, values and elements newer than 1.5 are reported.
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(payload, context);
  const version = card.version ? card.version.toString() : null;
  const validation = card.validateProperties();
  const out = [];
  dropped(payload, card.toJSON(new AC.SerializationContext(AC.Versions.v1_5)), '$', out);
  let renderError;
  try {
    card.render();
  } catch (e) {
    renderError = String(e && e.message ? e.message : e);
  }
  return {
    id,
    version,
    parseEvents: eventsOf(context),
    validationEvents: validation.validationEvents.map((e) => ({ event: AC.ValidationEvent[e.event], message: e.message })),
    dropped: out,
    renderError,
  };
});
writeJson(results);
