// Dumps tonal 6.4.3's Progression.fromRomanNumerals(tonic, [numeral]) for the 15
// major tonics, as "tonic:alias" (tonal's Chord.get(symbol): tonic and first alias).
const T = require("tonal");
const majors = ["C","G","D","A","E","B","F#","C#","F","Bb","Eb","Ab","Db","Gb","Cb"];
const numerals = ["I","IV","V","II","III","VI","VII","bII","bIII","bVI","bVII","#IV","#I","III+","V+",
  "V7","II7","III7","VI7","VII7","bVII7","bVI7","bII7","Imaj7","IVmaj7","Vmaj7","bVImaj7","bIIImaj7","bVIIM7",
  "vii°7","viio7","ii°7","#iv°7","#i°7","#ii°7"];
for (const n of numerals) {
  const out = majors.map(k => { const s = T.Progression.fromRomanNumerals(k, [n])[0]; const c = T.Chord.get(s); return c.tonic + ":" + c.aliases[0]; });
  console.log(`    {"${n}", "${out.join(" ")}"},`);
}
