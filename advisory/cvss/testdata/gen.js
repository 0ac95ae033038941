// gen.js writes oracle-*.tsv: random CVSS vectors of every version with
// the scores ae-cvss-calculator (npm, Apache-2.0) computes for them.
//
//   cd advisory/cvss/testdata && npm install --no-save ae-cvss-calculator@1.0.13 && node gen.js
//
// Columns: vector, base, then the temporal/threat score, the
// environmental score and the overall score ("" where the vector sets
// none of those metrics). A fixed-seed generator makes the files repeat.
const c = require("ae-cvss-calculator");
const fs = require("fs");

// mulberry32, a small 32-bit generator with exact integer arithmetic.
let seed = 20261123;
function rnd(n) {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}
function pick(a) { return a[rnd(a.length)]; }

const v2 = {
  base: [["AV", ["L", "A", "N"]], ["AC", ["H", "M", "L"]], ["Au", ["M", "S", "N"]], ["C", ["N", "P", "C"]], ["I", ["N", "P", "C"]], ["A", ["N", "P", "C"]]],
  temporal: [["E", ["U", "POC", "F", "H", "ND"]], ["RL", ["OF", "TF", "W", "U", "ND"]], ["RC", ["UC", "UR", "C", "ND"]]],
  env: [["CDP", ["N", "L", "LM", "MH", "H", "ND"]], ["TD", ["N", "L", "M", "H", "ND"]], ["CR", ["L", "M", "H", "ND"]], ["IR", ["L", "M", "H", "ND"]], ["AR", ["L", "M", "H", "ND"]]],
};
const v3 = {
  base: [["AV", ["N", "A", "L", "P"]], ["AC", ["L", "H"]], ["PR", ["N", "L", "H"]], ["UI", ["N", "R"]], ["S", ["U", "C"]], ["C", ["H", "L", "N"]], ["I", ["H", "L", "N"]], ["A", ["H", "L", "N"]]],
  temporal: [["E", ["X", "H", "F", "P", "U"]], ["RL", ["X", "U", "W", "T", "O"]], ["RC", ["X", "C", "R", "U"]]],
  env: [["CR", ["X", "H", "M", "L"]], ["IR", ["X", "H", "M", "L"]], ["AR", ["X", "H", "M", "L"]], ["MAV", ["X", "N", "A", "L", "P"]], ["MAC", ["X", "L", "H"]], ["MPR", ["X", "N", "L", "H"]], ["MUI", ["X", "N", "R"]], ["MS", ["X", "U", "C"]], ["MC", ["X", "H", "L", "N"]], ["MI", ["X", "H", "L", "N"]], ["MA", ["X", "H", "L", "N"]]],
};
const v4 = {
  base: [["AV", ["N", "A", "L", "P"]], ["AC", ["L", "H"]], ["AT", ["N", "P"]], ["PR", ["N", "L", "H"]], ["UI", ["N", "P", "A"]], ["VC", ["H", "L", "N"]], ["VI", ["H", "L", "N"]], ["VA", ["H", "L", "N"]], ["SC", ["H", "L", "N"]], ["SI", ["H", "L", "N"]], ["SA", ["H", "L", "N"]]],
  temporal: [["E", ["X", "A", "P", "U"]]],
  env: [["CR", ["X", "H", "M", "L"]], ["IR", ["X", "H", "M", "L"]], ["AR", ["X", "H", "M", "L"]], ["MAV", ["X", "N", "A", "L", "P"]], ["MAC", ["X", "L", "H"]], ["MAT", ["X", "N", "P"]], ["MPR", ["X", "N", "L", "H"]], ["MUI", ["X", "N", "P", "A"]], ["MVC", ["X", "H", "L", "N"]], ["MVI", ["X", "H", "L", "N"]], ["MVA", ["X", "H", "L", "N"]], ["MSC", ["X", "H", "L", "N"]], ["MSI", ["X", "S", "H", "L", "N"]], ["MSA", ["X", "S", "H", "L", "N"]]],
  supplemental: [["S", ["X", "N", "P"]], ["AU", ["X", "N", "Y"]], ["R", ["X", "A", "U", "I"]], ["V", ["X", "D", "C"]], ["RE", ["X", "L", "M", "H"]], ["U", ["X", "Clear", "Green", "Amber", "Red"]]],
};

// vector builds a random vector: every base metric, and each optional
// group with some probability, each of its metrics present or not.
// CVSS v2 vectors carry whole groups (the v2 specification lists each
// group's metrics together; NVD writes them so), v3 and v4 any subset.
function vector(prefix, spec, wholeGroups) {
  const parts = spec.base.map(([m, vs]) => m + ":" + pick(vs));
  for (const group of ["temporal", "env", "supplemental"]) {
    if (!spec[group] || rnd(3) == 0) continue;
    for (const [m, vs] of spec[group]) if (wholeGroups || rnd(2) == 0) parts.push(m + ":" + pick(vs));
  }
  return (prefix ? prefix + "/" : "") + parts.join("/");
}

function num(x) { return x === undefined || x === null || Number.isNaN(x) ? "" : String(x); }

function write(file, n, prefix, spec, Cls, wholeGroups) {
  const seen = new Set();
  const lines = ["# vector\tbase\ttemporal_or_threat\tenvironmental\toverall   (oracle: ae-cvss-calculator 1.0.13; made by gen.js)"];
  while (seen.size < n) {
    const v = vector(prefix, spec, wholeGroups);
    if (seen.has(v)) continue;
    seen.add(v);
    const s = new Cls(v).calculateScores();
    const t = s.temporal !== undefined ? s.temporal : s.threat;
    // CVSS 4.0 has one score over whatever metrics are given (CVSS-B,
    // -BT, -BE, -BTE): base is the score of the base metrics alone.
    const base = s.baseMetricsOnly !== undefined ? s.baseMetricsOnly : s.base;
    lines.push([v, num(base), num(t), num(s.environmental), num(s.overall)].join("\t"));
  }
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

write("oracle-v2.tsv", 600, "", v2, c.Cvss2, true);
write("oracle-v30.tsv", 600, "CVSS:3.0", v3, c.Cvss3P0);
write("oracle-v31.tsv", 1000, "CVSS:3.1", v3, c.Cvss3P1);
write("oracle-v40.tsv", 3000, "CVSS:4.0", v4, c.Cvss4P0);

// oracle-v40-base-all.txt.gz: the score of every CVSS 4.0 base vector
// (104,976), one per line, in the order of enumerating the base metrics
// in specification order, each over its values as v4.base lists them,
// the last metric varying fastest.
{
  const zlib = require("zlib");
  const scores = [];
  const idx = new Array(v4.base.length).fill(0);
  for (;;) {
    const v = "CVSS:4.0/" + v4.base.map(([m, vs], i) => m + ":" + vs[idx[i]]).join("/");
    scores.push(String(new c.Cvss4P0(v).calculateScores().base));
    let i = v4.base.length - 1;
    while (i >= 0 && ++idx[i] == v4.base[i][1].length) idx[i--] = 0;
    if (i < 0) break;
  }
  fs.writeFileSync("oracle-v40-base-all.txt.gz", zlib.gzipSync(scores.join("\n") + "\n", { level: 9 }));
}
