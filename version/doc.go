// Package version orders versions and evaluates constraints exactly as each
// package ecosystem's own tools do. It is the leaf of loadline's flow
// (image -> layers -> inventory -> advisories -> matches -> verdict): a
// wrong comparison here is a missed vulnerability or a false alarm
// everywhere above it, so every scheme is tested against vectors produced
// by the ecosystem's own tool (see testdata/).
//
// Ecosystems are named by Package URL type: deb, rpm, apk, npm, pypi,
// golang, cargo, maven, gem, nuget, composer, and generic (dotted numbers
// with pre-release tags, for CPE and NVD data). Compare and Satisfies take
// the name on every call; Lookup resolves it once and returns the Scheme,
// the package's seam.
//
// Affects and Evaluate decide OSV-style affected ranges (introduced,
// fixed, last_affected and limit events, plus explicit version lists) for
// any ecosystem: the form in which advisory data arrives.
//
// Invalid input is an *InvalidVersionError or *InvalidConstraintError
// carrying it; nothing here panics on input. Every function is safe for
// concurrent use.
package version
