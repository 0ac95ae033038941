// Package cvss parses and scores CVSS vectors of versions 2.0, 3.0, 3.1
// and 4.0: base scores, the score over every metric a vector gives
// (temporal, threat, environmental), and the qualitative rating of each
// version. Advisory feeds attach scores with it; gates compare them with
// thresholds.
//
// It sits beside the advisory model (advisory -> advisory/cvss) and is
// the home of github.com/pandatix/go-cvss, which scores v2, v3.0 and v3.1
// here. CVSS 4.0 is scored by this package's own implementation of the
// specification's section 8 algorithm, with the specification's
// MacroVector tables (tables_v4.go, generated): go-cvss rounds scores
// that land on an x.x5 tie down, where the reference calculator rounds
// them up since its 2024-11-01 fix (about 0.5% of vectors). testdata
// holds the evidence: every one of the 104,976 CVSS 4.0 base vectors and
// 5,200 random vectors of all versions against ae-cvss-calculator, the
// scores NVD and CNAs publish, and claircore's lists (with the v2
// specification's worked examples).
package cvss
