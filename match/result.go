package match

import (
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/sbom"
)

// Result is what matching found for one inventory: every finding, every
// place where the advisory data had nothing to say (Gaps), and what data
// was asked. It is loadline's match document: gate and the reports read
// it, and `gate` re-evaluates a stored one, so its JSON form (the field
// tags: lowerCamelCase, empty fields left out) is stable. Findings, Gaps,
// Feeds and Problems are sorted: the same inventory and store give
// byte-identical JSON.
type Result struct {
	// Source is what was scanned (name, digest), copied from the
	// inventory; nil when the inventory did not say.
	Source *sbom.Source `json:"source,omitempty"`
	// Distro is the inventory's distro release, and Release the key
	// advisories were looked up by (advisory.ReleaseOf); nil and zero
	// when none was detected.
	Distro  *sbom.Distro     `json:"distro,omitempty"`
	Release advisory.Release `json:"release,omitzero"`
	// Support is when Release's security support ends (Matcher.Support,
	// by default advisory/eol's table): a release whose support has
	// ended (Support.Ended at the evaluation time) no longer gets fixes,
	// so its findings are not the whole story. nil when no release was
	// detected or the table does not know it.
	Support *eol.Support `json:"support,omitempty"`
	// Layers are the inventory's layers, base first, so that a policy
	// can tell base-image findings from application ones.
	Layers []sbom.Layer `json:"layers,omitempty"`
	// Matched is when matching ran (Matcher.Now).
	Matched time.Time `json:"matched,omitzero"`
	// Packages is how many inventory packages were matched.
	Packages int `json:"packages"`
	// Findings are one per (package, vulnerability), sorted by package
	// (see sbom.ComparePackages) and then by vulnerability ID. Never nil
	// in JSON: an empty list is written as [].
	Findings []Finding `json:"findings"`
	// Gaps name every ecosystem and release that has packages but no
	// advisory data: those packages are unknown, not clean.
	Gaps []Gap `json:"gaps,omitempty"`
	// Feeds are the feeds whose advisories the store returned for this
	// inventory, by name.
	Feeds []Feed `json:"feeds,omitempty"`
	// Problems are what could not be decided (a version its ecosystem
	// rejects, a range that does not evaluate); matching went on.
	Problems []Problem `json:"problems,omitempty"`
}

// Finding is one vulnerability of one package, with every source that
// spoke of it.
type Finding struct {
	// Package is the package the finding is about.
	Package Package `json:"package"`
	// Vulnerability is the CVE ID when any source gives one, else the
	// ID of the advisory (GHSA before others, then the least in byte
	// order). Aliases are every other ID of it the sources gave, sorted.
	Vulnerability string   `json:"vulnerability"`
	Aliases       []string `json:"aliases,omitempty"`
	// Summary is the first summary the evidence's advisories give, in
	// evidence order; "" when none does.
	Summary string `json:"summary,omitempty"`
	// Status is the most specific status the sources give:
	// StatusAffected (the installed version is affected), or
	// StatusNotAffected, StatusWillNotFix, StatusUnderInvestigation as a
	// distro says of this package. A package at or above every fix has
	// no finding.
	Status advisory.Status `json:"status"`
	// Fixed lists the fixed versions above the installed one, nearest
	// first; empty when no fix exists (then no upgrade helps).
	Fixed []string `json:"fixed,omitempty"`
	// FixPublished is when the nearest fix became known: the earliest
	// publication date among the advisories that name Fixed[0]; zero
	// when there is no fix or no such advisory gives a date.
	FixPublished time.Time `json:"fixPublished,omitzero"`
	// Severities are every rating the sources give: the distro's own
	// (Source the feed, Rating its word) and each CVSS vector with its
	// version (Type) and rater. When the evidence rates it in no way
	// (Alpine's secdb, Ubuntu's VEX) and the store finds advisories by
	// ID, they are the CVSS vectors of the store's other records of the
	// CVE (NVD's, a GHSA's), as Trivy and Grype fall back on NVD's
	// rating of a CVE its distro does not rate; their Source is the
	// rater, or the feed. A distro's own rating, even a word, is kept
	// alone: it speaks of the package as the distro builds it. Sorted by
	// source, type, vector, rating; duplicates dropped.
	Severities []advisory.Severity `json:"severities,omitempty"`
	// CWEs are the weaknesses the evidence's advisories name (or, when
	// they name none, the store's other records of the CVE), sorted.
	CWEs []string `json:"cwes,omitempty"`
	// Exploitation is what the Matcher's ExploitStore knows of the
	// finding's CVE; nil when no ExploitStore was given, when the finding
	// has no CVE, or when nothing is known.
	Exploitation *advisory.Exploitation `json:"exploitation,omitempty"`
	// VEX is the VEX statement that applies to the finding (match/vex's
	// Apply sets it); nil when none does. It annotates the finding and
	// never removes it: Status stays what the advisories say.
	VEX *VEX `json:"vex,omitempty"`
	// Evidence is every advisory entry that decided the finding, sorted
	// by feed, advisory ID and record.
	Evidence []Evidence `json:"evidence"`
	// Confidence is the highest confidence of the evidence.
	Confidence Confidence `json:"confidence"`
}

// HasFix reports whether a fixed version exists above the installed one.
func (f *Finding) HasFix() bool { return len(f.Fixed) > 0 }

// Package is what a finding says of its package.
type Package struct {
	// PURL is the package's Package URL; Type, Namespace, Name and
	// Version are as the inventory has them.
	PURL      string `json:"purl,omitempty"`
	Type      string `json:"type"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	// Source is the source package an OS package was built from, when it
	// differs from Name; SourceVersion its version when it differs from
	// Version.
	Source        string `json:"source,omitempty"`
	SourceVersion string `json:"sourceVersion,omitempty"`
	// Layer is the diff ID of the layer that introduced the package; ""
	// for a directory.
	Layer string `json:"layer,omitempty"`
	// Locations are the paths of the records that prove the package
	// (sbom.Package.Evidence), the database record first.
	Locations []string `json:"locations,omitempty"`
}

// Confidence says how much a finding can be trusted.
type Confidence string

// The confidences.
const (
	// ConfidenceHigh: the package was matched by its ecosystem and name
	// (and distro release) and its version compared in its ecosystem's
	// own ordering.
	ConfidenceHigh Confidence = "high"
	// ConfidenceLow: the package was matched only by a CPE name, whose
	// vendor and product may name something else and whose versions are
	// compared as generic dotted numbers.
	ConfidenceLow Confidence = "low"
)

// Evidence is one advisory entry that spoke of a finding's package and
// what it decided.
type Evidence struct {
	// Advisory is the advisory's own ID; Feed and Record say where it
	// came from (advisory.Provenance); Published is when the advisory was
	// published and Modified when it last changed (zero when the source
	// does not say), so that a policy can tell how long a fix has been
	// known.
	Advisory  string    `json:"advisory"`
	Feed      string    `json:"feed"`
	Record    string    `json:"record,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Modified  time.Time `json:"modified,omitzero"`
	// Ecosystem, Release, Package and Module are the entry's key: the
	// package name as the advisory writes it (for OS packages, the
	// source or the binary package it was found by).
	Ecosystem string           `json:"ecosystem,omitempty"`
	Release   advisory.Release `json:"release,omitzero"`
	Package   string           `json:"package,omitempty"`
	Module    string           `json:"module,omitempty"`
	// CPE is the CPE match criteria that matched, for a CPE match.
	CPE string `json:"cpe,omitempty"`
	// Version is the installed version that was compared (an OS
	// package's source version when the entry names the source).
	Version string `json:"version,omitempty"`
	// Status is what the entry says of the installed version.
	Status advisory.Status `json:"status"`
	// Range is the interval that holds the installed version, as
	// ">=A, <B", "<=B", "=V" (listed), or "all versions" for an entry
	// without ranges; "" for a status without versions.
	Range string `json:"range,omitempty"`
	// Fixed are the entry's fixed versions above the installed one,
	// nearest first.
	Fixed []string `json:"fixed,omitempty"`
	// Severity is the entry's own rating (Debian urgency, Ubuntu
	// priority); Reason the source's note.
	Severity string `json:"severity,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Confidence is ConfidenceLow for a CPE match, else ConfidenceHigh.
	Confidence Confidence `json:"confidence"`
}

// Gap is an ecosystem and release for which the inventory has packages
// but no feed the store holds covers it: their vulnerabilities are
// unknown. Where the store still holds some advisories for it (a list of
// announced fixes alone, such as Debian's DSA list), they are matched,
// and the release is still a gap: findings may be missing.
type Gap struct {
	// Ecosystem is the Package URL type; Release the distro release for
	// OS packages (zero when no distro was detected).
	Ecosystem string           `json:"ecosystem"`
	Release   advisory.Release `json:"release,omitzero"`
	// Packages is how many inventory packages fall in the gap.
	Packages int `json:"packages"`
	// Why says why there is no data.
	Why string `json:"why"`
}

// Feed is one feed whose advisories the store returned.
type Feed struct {
	// Name is the feed's name (advisory.Provenance.Feed).
	Name string `json:"name"`
	// Fetched is the latest fetch time among the feed's advisories
	// seen; zero when the store does not say (a local import).
	Fetched time.Time `json:"fetched,omitzero"`
}

// Age returns how old the feed's data is at now, or zero when Fetched is
// zero.
func (f Feed) Age(now time.Time) time.Duration {
	if f.Fetched.IsZero() {
		return 0
	}
	return now.Sub(f.Fetched)
}

// Problem is something matching could not decide for one package; the
// package's other advisories were still matched.
type Problem struct {
	// Package is the package's PURL (or name@version when it has none);
	// Advisory the advisory involved, "" when the package's own version
	// is at fault.
	Package  string `json:"package"`
	Advisory string `json:"advisory,omitempty"`
	Message  string `json:"message"`
}

// VEX is what a VEX statement says of a finding.
type VEX struct {
	// Status is the statement's status in OpenVEX's words:
	// "not_affected", "affected", "fixed", "under_investigation".
	Status string `json:"status"`
	// Justification is why the product is not affected (OpenVEX's
	// words: "vulnerable_code_not_present"...); Impact and Action are
	// the statement's impact and action statements.
	Justification string `json:"justification,omitempty"`
	Impact        string `json:"impact,omitempty"`
	Action        string `json:"action,omitempty"`
	// Format, Document and Statement locate the statement: "openvex",
	// "cyclonedx" or "csaf", the document's ID, the statement's ID or
	// place in it.
	Format    string `json:"format"`
	Document  string `json:"document,omitempty"`
	Statement string `json:"statement,omitempty"`
	// Timestamp is when the statement was made; zero when unknown.
	Timestamp time.Time `json:"timestamp,omitzero"`
}
