// Dumps tonal 6.4.3's Key.majorKey / Key.minorKey fields as C++ table rows.
const T = require("tonal");
const majors = ["C","G","D","A","E","B","F#","C#","F","Bb","Eb","Ab","Db","Gb","Cb"];
const minors = ["A","E","B","F#","C#","G#","D#","A#","D","G","C","F","Bb","Eb","Ab"];
const q = s => '"' + s + '"';
const j = a => q(a.join(" "));
console.log("// majorKey: tonic, keySignature, minorRelative, scale, grades, triads, chords");
for (const t of majors) {
  const k = T.Key.majorKey(t);
  console.log(`    {${q(k.tonic)}, ${q(k.keySignature)}, ${q(k.minorRelative)}, ${j(k.scale)}, ${j(k.grades)}, ${j(k.triads)}, ${j(k.chords)}},`);
}
console.log("// minorKey: tonic, form, keySignature, relativeMajor, scale, grades, triads, chords");
for (const t of minors) {
  const k = T.Key.minorKey(t);
  for (const f of ["natural","harmonic","melodic"]) {
    const x = k[f];
    console.log(`    {${q(k.tonic)}, ${q(f)}, ${q(k.keySignature)}, ${q(k.relativeMajor)}, ${j(x.scale)}, ${j(x.grades)}, ${j(x.triads)}, ${j(x.chords)}},`);
  }
}
