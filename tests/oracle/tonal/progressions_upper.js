// Dumps tonal 6.4.3's Progression.fromRomanNumerals(tonic, numerals) for a few
// progressions whose numerals tonal reads as standard practice does (upper-case
// triads, dominant sevenths on V and chromatic degrees, maj7, °7), in four tonics.
const T = require("tonal");
const progs = [["I","IV","V7","I"],["I","bVII","IV","I"],["Imaj7","bIIImaj7","bVImaj7","bII7"],["I","V7/V","V7","I"].slice(0,1).concat(["II7","V7","I"]),["I","bVI","bVII","I"],["IVmaj7","vii°7","III7","VI7"]];
for (const p of progs) for (const k of ["C","Eb","F#","Ab"]) {
  const out = T.Progression.fromRomanNumerals(k, p).map(s => { const c = T.Chord.get(s); return c.tonic + ":" + c.aliases[0]; });
  console.log(`    {"${k}", "${p.join(" ")}", "${out.join(" ")}"},`);
}
