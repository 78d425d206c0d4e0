const T = require('tonal');
const all = T.ScaleType.all();
const q = {P:'Perfect',M:'Major',m:'Minor',d:'Diminished',A:'Augmented',dd:'DoublyDiminished',AA:'DoublyAugmented'};
let h = '';
for (const s of all) {
  const al = s.aliases.map(a => JSON.stringify(a)).join(', ');
  h += `    {${JSON.stringify(s.name)}, {${al}}, ${s.aliases.length}, ${JSON.stringify(s.intervals.join(' '))}},\n`;
}
require('fs').writeFileSync('header_table.txt', h);
let t = '';
for (const s of all) {
  t += `    {${JSON.stringify(s.name)}, {${s.aliases.map(a=>JSON.stringify(a)).join(', ')}}, ${JSON.stringify(s.intervals.join(' '))}, ${JSON.stringify(s.chroma)}},\n`;
}
require('fs').writeFileSync('test_types.txt', t);
let n = ''; let bad = 0;
for (const root of ['C','Eb','F#','Bb']) for (const s of all) {
  const sc = T.Scale.get(root + ' ' + s.name);
  if (sc.notes.some(x => /###|bbb/.test(x))) { bad++; continue; }
  n += `    {${JSON.stringify(sc.name)}, ${JSON.stringify(sc.notes.join(' '))}},\n`;
}
console.error('skipped', bad);
require('fs').writeFileSync('test_notes.txt', n);
