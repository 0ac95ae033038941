package advisory

import (
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/version"
)

// Advisory is one advisory from one source, normalised: a CVE record from
// NVD, a GHSA or OSV record, a Debian tracker entry, a Red Hat CSAF
// document. The same vulnerability from several sources is several
// Advisories whose ID and Aliases overlap; matching joins them.
// Advisories without a CVE are first-class.
type Advisory struct {
	// ID is the source's own identifier: "CVE-2024-3094",
	// "GHSA-xxxx-xxxx-xxxx", "DSA-5555-1", "GO-2024-2598",
	// "RUSTSEC-2024-0001", "RHSA-2024:1234", "USN-6543-1".
	ID string `json:"id"`
	// Aliases are other IDs of the same vulnerability (a GHSA's CVE),
	// sorted, without ID itself.
	Aliases []string `json:"aliases,omitempty"`
	// Related are IDs of related but distinct vulnerabilities, sorted.
	Related []string `json:"related,omitempty"`
	// Summary is one line; Details may be long (Markdown, as OSV writes).
	Summary string `json:"summary,omitempty"`
	Details string `json:"details,omitempty"`
	// Published and Modified are as the source says; zero when unknown.
	Published time.Time `json:"published,omitzero"`
	Modified  time.Time `json:"modified,omitzero"`
	// Withdrawn is when the source withdrew the advisory; zero when it
	// stands. A withdrawn advisory never matches.
	Withdrawn time.Time `json:"withdrawn,omitzero"`
	// Severities are the ratings the source gives, each with who gave
	// it: CVSS vectors with their computed scores, and the source's own
	// words ("important", "unimportant", "HIGH").
	Severities []Severity `json:"severities,omitempty"`
	// Affected lists what the advisory says of each package.
	Affected []Affected `json:"affected,omitempty"`
	// References are links, in the source's order.
	References []Reference `json:"references,omitempty"`
	// CWEs are weakness IDs ("CWE-79"), sorted.
	CWEs []string `json:"cwes,omitempty"`
	// Source says where the advisory came from.
	Source Provenance `json:"source"`
}

// IDs returns the advisory's ID followed by its aliases.
func (a *Advisory) IDs() []string {
	return append([]string{a.ID}, a.Aliases...)
}

// CVE returns the advisory's CVE ID: its ID when that is a CVE, else the
// first CVE among its aliases, else "".
func (a *Advisory) CVE() string {
	for _, id := range a.IDs() {
		if strings.HasPrefix(id, "CVE-") {
			return id
		}
	}
	return ""
}

// Severity is one rating of an advisory.
type Severity struct {
	// Type is the scoring system: "CVSS_V2", "CVSS_V3" (3.0 and 3.1),
	// "CVSS_V4" (the names OSV uses), or "" for a rating without a
	// vector.
	Type string `json:"type,omitempty"`
	// Vector is the CVSS vector string, as the source writes it.
	Vector string `json:"vector,omitempty"`
	// Score is the base score computed from Vector (advisory/cvss), or
	// the score the source states when it gives no vector; 0 when
	// neither.
	Score float64 `json:"score,omitempty"`
	// Rating is the qualitative rating: the CVSS rating of Score
	// ("CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"), or the source's own
	// word for a rating without a vector.
	Rating string `json:"rating,omitempty"`
	// Source is who rated: "nvd@nist.gov", a CNA's address, "debian",
	// "ubuntu", "redhat", "ghsa".
	Source string `json:"source,omitempty"`
}

// Status is what an advisory says of a package in one place.
type Status string

// The statuses. Distro feeds say all of them; language feeds only
// StatusAffected; StatusFixed comes from VEX documents.
const (
	// StatusAffected: the versions that Ranges and Versions select are
	// affected; with neither, every version is, and no fix exists yet. A
	// range's fixed event is the fix.
	StatusAffected Status = "affected"
	// StatusNotAffected: no version is affected (Reason says why, when
	// the source does: "vulnerable code not present", Debian's fixed
	// version "0").
	StatusNotAffected Status = "not_affected"
	// StatusWillNotFix: every version is affected and the vendor will
	// not fix it (Debian "ignored"/"no-dsa" with no fix, Red Hat
	// "no_fix_planned", Ubuntu "ignored").
	StatusWillNotFix Status = "will_not_fix"
	// StatusUnderInvestigation: the vendor has not decided yet; every
	// version may be affected.
	StatusUnderInvestigation Status = "under_investigation"
	// StatusFixed: the versions from a range's fixed event up are fixed,
	// and that version need not be the first fix: below it the source
	// does not say. An OpenVEX "fixed" statement names the version it
	// speaks of (Ubuntu's name the version in the archive when written:
	// curl 7.81.0-1ubuntu1.24 in jammy for CVE-2023-38545, fixed in
	// 1ubuntu1.14). Matching reports a version below as affected unless
	// a source that knows the first fix, or says the package is not
	// affected, decides otherwise.
	StatusFixed Status = "fixed"
)

// Affected is what an advisory says of one package: in one ecosystem,
// for distro feeds in one release, with the package's status and the
// affected versions.
type Affected struct {
	// Ecosystem is the package's Package URL type: "deb", "rpm", "apk",
	// "npm", "pypi", "golang", "maven", "cargo", "gem", "nuget",
	// "composer"; "" for an entry known only by CPE (NVD).
	Ecosystem string `json:"ecosystem,omitempty"`
	// Release is the distro release for distro feeds; zero for language
	// ecosystems.
	Release Release `json:"release,omitzero"`
	// Package is the package name as the ecosystem writes it: for distro
	// feeds the source package ("openssl"), for Maven "group:artifact",
	// for npm "@scope/name", for Go the module path. Matching normalises
	// names as the ecosystem does (PEP 503 for PyPI).
	Package string `json:"package,omitempty"`
	// Module is the rpm module stream ("nodejs:18") for modular
	// packages; "" otherwise.
	Module string `json:"module,omitempty"`
	// CPE is the CPE 2.3 match criteria of an NVD entry, "" otherwise.
	CPE string `json:"cpe,omitempty"`
	// Status is the package's status; "" means StatusAffected.
	Status Status `json:"status,omitempty"`
	// Ranges and Versions select the affected versions (OSV's form; see
	// version.Evaluate). Distro feeds write "fixed in X" as the range
	// introduced 0, fixed X.
	Ranges   []version.Range `json:"ranges,omitempty"`
	Versions []string        `json:"versions,omitempty"`
	// Severity is the source's rating for this package and release
	// (Debian's urgency, Ubuntu's priority), "" when none.
	Severity string `json:"severity,omitempty"`
	// Reason is the source's note: why not affected, why no fix.
	Reason string `json:"reason,omitempty"`
}

// Selection returns the version selection of a, for version.Evaluate.
func (a *Affected) Selection() version.Affected {
	return version.Affected{Ranges: a.Ranges, Versions: a.Versions}
}

// Fixed returns the fixed versions a's ranges name, in range order,
// without duplicates.
func (a *Affected) Fixed() []string {
	var out []string
	for _, r := range a.Ranges {
		for _, e := range r.Events {
			if e.Fixed != "" && !slices.Contains(out, e.Fixed) {
				out = append(out, e.Fixed)
			}
		}
	}
	return out
}

// Release names a distro release as an image reports it: the os-release
// ID and the release key feeds and images share ("12" for Debian
// bookworm, "22.04" for Ubuntu, "3.20" for Alpine 3.20.3, "9" for RHEL
// 9.4). Feeds and scanners normalise to it (see ReleaseOf).
type Release struct {
	Distro  string `json:"distro,omitempty"`
	Version string `json:"version,omitempty"`
}

// IsZero reports whether r names no release.
func (r Release) IsZero() bool { return r == Release{} }

func (r Release) String() string {
	if r.IsZero() {
		return ""
	}
	return r.Distro + ":" + r.Version
}

// Reference is one link of an advisory.
type Reference struct {
	// Type is OSV's reference type ("ADVISORY", "FIX", "WEB", ...) or "".
	Type string `json:"type,omitempty"`
	URL  string `json:"url"`
}

// Provenance says where an advisory came from.
type Provenance struct {
	// Feed names the feed: "osv", "nvd", "debian", "alpine", "ubuntu",
	// "redhat", "kev", "epss", or an embedder's own.
	Feed string `json:"feed"`
	// Record locates the record in the feed: an ID, a file name, a path
	// in an archive.
	Record string `json:"record,omitempty"`
	// Fetched is when the feed was fetched; zero for a local import.
	Fetched time.Time `json:"fetched,omitzero"`
}
