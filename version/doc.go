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
// any ecosystem: the form in which advisory data arrives. Parse parses a
// version once, for a caller that compares it with many versions or
// evaluates it against many entries (matching one installed package
// against its advisories): Parsed.Evaluate decides exactly as Evaluate.
//
// Each scheme, its oracle and its constraint syntax (the full contract is
// in the comment on each scheme type in the source):
//
//   - deb: dpkg 1.21 (dpkg --compare-versions). Relations "<< 1.2-1",
//     "<=", "=", ">=", ">>" (obsolete "<" and ">" mean "<=" and ">="),
//     "|" alternatives, "," all must hold.
//   - rpm: rpm 4.18 ([epoch:]version[-release], rpmvercmp with ~ and ^).
//     Relations "<", "<=", "=", ">=", ">" joined by "," and "||", evaluated
//     as rpmdsCompare does: a constraint without a release ignores the
//     version's release, and a version without a release meets any
//     relation to the same epoch:version with a release (use Compare, not
//     Satisfies, to ask "is v below the fixed EVR").
//   - apk: apk-tools 2.14 (apk version -t; invalid versions, which apk
//     orders only up to the first bad token, are errors). Operators "<",
//     "<=", "=", ">=", ">", fuzzy "~", "<~", ">~".
//   - npm: node-semver 7 with default options: strict SemVer versions,
//     the whole range grammar (^, ~, x-ranges, hyphen ranges, "||"), and
//     its pre-release rule.
//   - cargo: the Rust semver crate (VersionReq: comma-separated
//     comparators, bare version = caret, its pre-release rule).
//   - golang: golang.org/x/mod/semver, with the leading "v" optional as
//     OSV writes it; plain comparator constraints.
//   - pypi: PEP 440 as pypa/packaging implements it: Version and
//     SpecifierSet (~=, ==, !=, <=, >=, <, >, ===, ".*"), pre-releases
//     excluded unless a specifier names one.
//   - maven: ComparableVersion of maven-artifact 3.8.7; ranges
//     "[1.0,2.0)", "(,1.0],[1.2,)", or comparators as GHSA writes them. A
//     bare version means exactly that version (to Maven it is a soft
//     recommendation that matches everything).
//   - nuget: NuGet.Versioning (NuGetVersion, VersionRange: a bare version
//     is a minimum, "[1.0]" exact), or comparators as GHSA writes them.
//   - gem: Gem::Version and Gem::Requirement of RubyGems 3.3 (~> and
//     comma lists; no pre-release exclusion, as satisfied_by?).
//   - composer: composer/semver 3 (VersionParser, Comparator,
//     Semver::satisfies: ^, ~, wildcards, hyphen ranges, "||", @flags).
//   - generic: dotted numbers with SemVer-style pre-release tags, parsed
//     by hashicorp/go-version; plain comparator constraints.
//
// The plain comparator syntax, where an ecosystem has none of its own or
// advisory data uses it: alternatives separated by "||", each a list of
// terms separated by commas or spaces that must all hold, each an operator
// (=, ==, !=, <, <=, >, >=, none for =) and a version.
//
// Invalid input is an *InvalidVersionError or *InvalidConstraintError
// carrying it; nothing here panics on input. Every function is safe for
// concurrent use.
package version
