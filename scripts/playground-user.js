// The Agents Playground presents one signed-in user per run: `currentUser` in .m365agentsplayground.yml.
// This prints that file with another development identity as the current user (the two trade places, since the
// Playground requires exactly five other users), and gives the personal chat an id of that user's own, as Teams
// does (every user has their own 1:1 chat with the bot) — the same as tests/CHEXS.Bot.EndToEnd/PlaygroundConfig.cs.
//
//   node scripts/playground-user.js name CONFIG [WHO]   the signed-in user's name ("Alex Host")
//   node scripts/playground-user.js yaml CONFIG [WHO]   the file with WHO signed in
// WHO: a full name, first name or id word, any case ("morgan", "Morgan Manager", "29:morgan-manager").
// Exit 2 with the known names when WHO matches nobody. The file's format is the Playground's own (version 0.1.1):
// top-level keys at column 0, `currentUser:` fields indented two spaces, `users:` items as "  - id: ..." blocks.
'use strict';
const fs = require('fs');

const [mode, file, who] = process.argv.slice(2);
if (!['name', 'yaml'].includes(mode) || !file) {
  process.stderr.write('usage: node scripts/playground-user.js name|yaml CONFIG [WHO]\n');
  process.exit(2);
}
const lines = fs.readFileSync(file, 'utf8').split('\n');

// Top-level sections: key -> [start, end) line indexes.
const sections = {};
let open = null;
lines.forEach((line, i) => {
  const m = /^([A-Za-z][A-Za-z0-9]*):/.exec(line);
  if (m) {
    if (open) sections[open].end = i;
    open = m[1];
    sections[open] = { start: i, end: lines.length };
  }
});
// Comments and blank lines before the next key belong to that key, not to the section above it.
for (const s of Object.values(sections)) {
  while (s.end - 1 > s.start && /^\s*(#.*)?$/.test(lines[s.end - 1])) s.end--;
}

const field = (block, key) => {
  for (const l of block) {
    const m = new RegExp(`^\\s*(?:- )?${key}:\\s*(.*)$`).exec(l);
    if (m) return m[1].trim();
  }
  return '';
};

const cur = sections.currentUser;
const currentFields = lines.slice(cur.start + 1, cur.end).filter((l) => /^\s+\S/.test(l) && !/^\s*#/.test(l)).map((l) => l.trim());
const usr = sections.users;
const items = [];
for (let i = usr.start + 1; i < usr.end; i++) {
  if (/^\s*- /.test(lines[i])) items.push({ start: i, end: i + 1 });
  else if (items.length && /^\s{4,}\S/.test(lines[i])) items[items.length - 1].end = i + 1;
}
const itemFields = (it) => lines.slice(it.start, it.end).filter((l) => !/^\s*#/.test(l)).map((l) => l.trim().replace(/^- /, ''));

const word = (id) => id.slice(id.indexOf(':') + 1).split('-')[0];
const matches = (f, wanted) => {
  const w = wanted.trim().toLowerCase();
  const name = field(f, 'name').toLowerCase();
  const id = field(f, 'id').toLowerCase();
  return name === w || name.split(' ')[0] === w || id === w || word(id) === w;
};

const currentName = field(currentFields, 'name');
if (!who || matches(currentFields, who)) {
  process.stdout.write(mode === 'name' ? `${currentName}\n` : lines.join('\n'));
  process.exit(0);
}
const chosen = items.find((it) => matches(itemFields(it), who));
if (!chosen) {
  const known = [currentName, ...items.map((it) => field(itemFields(it), 'name'))].join(', ');
  process.stderr.write(`No Playground user "${who}" in ${file}. Known: ${known}.\n`);
  process.exit(2);
}
const chosenFields = itemFields(chosen);
if (mode === 'name') {
  process.stdout.write(`${field(chosenFields, 'name')}\n`);
  process.exit(0);
}

const out = lines.slice();
// Replace from the bottom up so earlier indexes stay valid.
const edits = [
  { start: cur.start + 1, end: cur.end, text: chosenFields.map((f) => `  ${f}`) },
  { start: chosen.start, end: chosen.end, text: currentFields.map((f, k) => (k === 0 ? `  - ${f}` : `    ${f}`)) },
].sort((a, b) => b.start - a.start);
for (const e of edits) out.splice(e.start, e.end - e.start, ...e.text);

const chatIndex = out.findIndex((l, i) => i > 0 && /^\s+id:/.test(l) && /^personalChat:/.test(out.slice(0, i).reverse().find((x) => /^\S/.test(x)) || ''));
if (chatIndex >= 0) {
  const chatId = out[chatIndex].replace(/^\s+id:\s*/, '').trim();
  const suffix = `-${word(field(currentFields, 'id'))}`;
  const next = chatId.endsWith(suffix) ? chatId.slice(0, -suffix.length) : chatId;
  out[chatIndex] = `  id: ${next}-${word(field(chosenFields, 'id'))}`;
}
process.stdout.write(out.join('\n'));
