// Dumps tonal 6.4.3's Scale.modeNames("C " + type) for every ScaleType, as C++ rows.
const T = require("tonal");
for (const t of T.ScaleType.all()) {
  const m = T.Scale.modeNames("C " + t.name).map(([r, n]) => r + " " + n).join(", ");
  console.log(`    {"${t.name}", "${m}"},`);
}
