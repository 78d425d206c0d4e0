const T = require("tonal");
const what = process.argv[2];
const all = T.ChordType.all();
const sym = (t) => t.aliases.find(a => !/^[b#]/.test(a));
const q = (s) => JSON.stringify(s);
if (what === "types") {
  for (const t of all) console.log(`    {${q(t.name)}, {${t.aliases.map(q).join(", ")}}, ${q(t.intervals.join(" "))}, Q::${t.quality}, "${t.chroma}"},`);
} else if (what === "aliases") {
  // every alias on C: does tonal resolve it to the same type?
  for (const t of all) for (const a of t.aliases) {
    const c = T.Chord.get("C" + a);
    if (c.empty || c.tonic !== "C" || c.aliases[0] !== t.aliases[0]) console.log("DIFF", q("C"+a), c.tonic, c.aliases[0], c.notes.join(" "));
  }
} else if (what === "notes") {
  for (const r of ["C", "Db", "F#", "Bb", "E"]) for (const t of all) {
    const c = T.Chord.get(r + sym(t));
    if (c.empty) { console.log("EMPTY", r + sym(t)); continue; }
    console.log(`    {${q(r + sym(t))}, ${q(c.notes.join(" "))}},`);
  }
} else if (what === "triple") {
  let n = 0;
  for (const r of ["C","C#","Db","D","D#","Eb","E","F","F#","Gb","G","G#","Ab","A","A#","Bb","B"]) for (const t of all) {
    const c = T.Chord.get(r + sym(t));
    if (c.empty || c.notes.some(x => /###|bbb/.test(x))) { n++; console.log(r + sym(t), c.notes.join(" ")); }
  }
  console.log("count", n);
} else if (what === "pairs") {
  const m = {};
  for (const t of all) (m[t.chroma] = m[t.chroma] || []).push(t.aliases[0] + " (" + t.intervals.join(" ") + ")");
  for (const k in m) if (m[k].length > 1) console.log(m[k].join("  |  "));
} else if (what === "detect") {
  const inputs = process.argv.slice(3);
  for (const s of inputs) console.log(`    {${q(s)}, ${q(T.Chord.detect(s.split(" ")).join(", "))}},`);
}
