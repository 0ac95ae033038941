package vex

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
)

// Vulnerability properties, in the loadline: namespace of
// sbom/cyclonedx's.
const (
	propKEV            = "loadline:kev"            // "true": CISA lists the CVE as known exploited
	propKEVAdded       = "loadline:kev:added"      // the day CISA added it
	propKEVDue         = "loadline:kev:due"        // the day US federal agencies must remediate it by
	propKEVRansomware  = "loadline:kev:ransomware" // "true": known to be used by ransomware
	propEPSSScore      = "loadline:epss:score"
	propEPSSPercentile = "loadline:epss:percentile"
	propEPSSDate       = "loadline:epss:date"
)

// Document properties (metadata.properties): what the result says of the
// whole scan.
const (
	propGap             = "loadline:gap:"             // + index + ":ecosystem", ":release", ":packages", ":why"
	propSupportEnds     = "loadline:support:ends"     // the last day of the release's security support
	propSupportExtended = "loadline:support:extended" // the last day of its extended support
)

// EncodeBOM writes an image's inventory and what matching found in it as
// one CycloneDX 1.6 document, JSON or XML as opts.Format says: the
// components exactly as sbom/cyclonedx's Encode writes inv (metadata,
// bom-refs, properties, dependencies; see its package documentation),
// and the findings of res as its vulnerabilities, as Trivy's and Grype's
// CycloneDX reports carry them. opts is Encode's, with its defaults (a
// serial number derived from the whole content, vulnerabilities
// included; a timestamp only when given); opts.Vulnerabilities is
// replaced by res's, and what res says of the whole scan follows
// opts.Properties in metadata.properties: each gap (Result.Gaps: packages
// no advisory data covers, unknown rather than clean) as
// loadline:gap:<index>:ecosystem, :release (when there is one), :packages
// and :why, and the end of the release's security support
// (Result.Support) as loadline:support:ends and :extended (days).
//
// One vulnerability per vulnerability ID (Finding.Vulnerability), sorted
// by ID (its last number as a number: CVE-2023-4807 before
// CVE-2023-45853), whose affects name the component of every package it
// was found in, in the findings' order, each with the installed
// version's status: affected (the finding is affected or will not be
// fixed), unaffected (not affected) or unknown (under investigation). Findings of one ID
// that carry different VEX annotations (Finding.VEX) are one
// vulnerability per annotation, in order, so that an analysis never
// speaks for a package its statement did not cover. A vulnerability has:
//
//   - source: the database that published the ID (by the feed of the
//     evidence that names it, else by its prefix): NVD, GitHub
//     Advisories, OSV, Debian, Alpine, Ubuntu, Red Hat, with the URL of
//     its page there when it has one; references: every alias, with its
//     source likewise.
//   - ratings: each of the findings' severities (Finding.Severities): a
//     CVSS vector with its score, method CVSSv2, CVSSv3, CVSSv31 or
//     CVSSv4 and severity; a source's own word (Debian urgency, Ubuntu
//     priority, GitHub's "MODERATE") as its CycloneDX severity with
//     method "other". The rater is the rating's source.
//   - cwes: the numbers of the findings' CWEs (Finding.CWEs);
//     description: the summary; published: the earliest publication
//     date of its evidence; updated: the latest modification date.
//   - recommendation: per package, the fixed versions to upgrade to, or
//     that the vendor will not fix it, or that no fix exists yet.
//   - analysis: from the VEX annotation, when there is one: state,
//     justification (of a not_affected statement) and detail (its impact
//     statement, or else its action statement), lastUpdated.
//   - properties: loadline:kev ("true"), loadline:kev:added, :due and
//     :ransomware, loadline:epss:score, :percentile and :date, when the
//     findings' Exploitation says so.
//
// A finding's package is found in inv by its PURL (the one matching
// derived when the package has none), layer and locations; a finding
// whose package inv does not hold is an error, as is one that Encode
// returns. A nil res writes inv alone; a nil inv is an empty inventory.
// The output is deterministic, and neither inv nor res is modified.
func EncodeBOM(w io.Writer, inv *sbom.Inventory, res *match.Result, opts cyclonedx.Options) error {
	vulns, err := bomVulnerabilities(inv, res)
	if err != nil {
		return err
	}
	opts.Vulnerabilities = vulns
	opts.Properties = append(slices.Clone(opts.Properties), resultProperties(res)...)
	if err := cyclonedx.Encode(w, inv, opts); err != nil {
		return fmt.Errorf("vex: %w", err)
	}
	return nil
}

// resultProperties writes what res says of the whole scan: its gaps and
// the end of its release's support.
func resultProperties(res *match.Result) []cdx.Property {
	if res == nil {
		return nil
	}
	var out []cdx.Property
	for i, g := range res.Gaps {
		k := propGap + strconv.Itoa(i) + ":"
		out = append(out, cdx.Property{Name: k + "ecosystem", Value: g.Ecosystem})
		if !g.Release.IsZero() {
			out = append(out, cdx.Property{Name: k + "release", Value: g.Release.String()})
		}
		out = append(out,
			cdx.Property{Name: k + "packages", Value: strconv.Itoa(g.Packages)},
			cdx.Property{Name: k + "why", Value: g.Why})
	}
	if s := res.Support; s != nil {
		if !s.Ends.IsZero() {
			out = append(out, cdx.Property{Name: propSupportEnds, Value: day(s.Ends)})
		}
		if !s.Extended.IsZero() {
			out = append(out, cdx.Property{Name: propSupportExtended, Value: day(s.Extended)})
		}
	}
	return out
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// packageKey identifies a package as a finding names it.
func packageKey(p match.Package) string {
	return strings.Join(append([]string{p.Type, p.Namespace, p.Name, p.Version, p.PURL, p.Layer}, p.Locations...), "\x00")
}

// bomVulnerabilities turns res's findings into vulnerabilities whose
// affects name inv's components.
func bomVulnerabilities(inv *sbom.Inventory, res *match.Result) ([]cdx.Vulnerability, error) {
	if res == nil || len(res.Findings) == 0 {
		return nil, nil
	}
	if inv == nil {
		inv = &sbom.Inventory{}
	}
	// refs: the components of each package key, in inventory order (two
	// packages may be alike in all a finding says of them).
	refs := map[string][]string{}
	for i, ref := range cyclonedx.BOMRefs(inv) {
		p := &inv.Packages[i]
		k := packageKey(match.Package{
			Type: p.Type, Namespace: p.Namespace, Name: p.Name, Version: p.Version,
			PURL: cmp.Or(p.PURL, sbom.PackageURL(*p, inv.Distro)), Layer: p.Layer, Locations: p.Evidence,
		})
		refs[k] = append(refs[k], ref)
	}

	// groups: the findings of each vulnerability and VEX annotation.
	type group struct {
		id, vex  string
		findings []*match.Finding
	}
	var groups []*group
	index := map[[2]string]*group{}
	for i := range res.Findings {
		f := &res.Findings[i]
		k := [2]string{f.Vulnerability, annotationKey(f.VEX)}
		g := index[k]
		if g == nil {
			g = &group{id: k[0], vex: k[1]}
			index[k] = g
			groups = append(groups, g)
		}
		g.findings = append(g.findings, f)
	}
	slices.SortStableFunc(groups, func(a, b *group) int { return compareIDs(a.id, b.id) })

	out := make([]cdx.Vulnerability, 0, len(groups))
	for _, g := range groups {
		used := map[string]int{}
		var affects []cdx.Affects
		for _, f := range g.findings {
			k := packageKey(f.Package)
			n := used[k]
			if n >= len(refs[k]) {
				return nil, fmt.Errorf("vex: finding %s of %s %s: the inventory has no such package", f.Vulnerability, f.Package.Name, f.Package.Version)
			}
			used[k]++
			affects = append(affects, cdx.Affects{Ref: refs[k][n], Range: &[]cdx.AffectedVersions{{
				Version: f.Package.Version, Status: versionStatus(f.Status),
			}}})
		}
		v := bomVulnerability(g.id, g.findings)
		v.Affects = &affects
		out = append(out, v)
	}
	return out, nil
}

// compareIDs orders vulnerability IDs by their prefix, then by their
// last number as a number: CVE-2023-4807 before CVE-2023-45853.
func compareIDs(a, b string) int {
	i, j := strings.LastIndexByte(a, '-'), strings.LastIndexByte(b, '-')
	na, nb := a[i+1:], b[j+1:]
	if i < 0 || j < 0 || !digits(na) || !digits(nb) {
		return strings.Compare(a, b)
	}
	return cmp.Or(strings.Compare(a[:i], b[:j]), cmp.Compare(len(na), len(nb)), strings.Compare(na, nb))
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// annotationKey tells VEX annotations apart by what a vulnerability's
// analysis says of them.
func annotationKey(x *match.VEX) string {
	if x == nil {
		return ""
	}
	return strings.Join([]string{x.Status, x.Justification, x.Impact, x.Action, x.Timestamp.UTC().Format(time.RFC3339)}, "\x00")
}

// versionStatus is the CycloneDX status of an installed version with a
// finding of status s.
func versionStatus(s advisory.Status) cdx.VulnerabilityStatus {
	switch s {
	case advisory.StatusNotAffected:
		return cdx.VulnerabilityStatusNotAffected
	case advisory.StatusUnderInvestigation:
		return cdx.VulnerabilityStatusUnknown
	}
	return cdx.VulnerabilityStatusAffected
}

// bomVulnerability writes what the findings of one ID (and annotation)
// say, all but the affects.
func bomVulnerability(id string, fs []*match.Finding) cdx.Vulnerability {
	v := cdx.Vulnerability{ID: id, Source: sourceOfID(id, fs)}

	var aliases []string
	var sevs []advisory.Severity
	var published, updated time.Time
	var recs []string
	var x *advisory.Exploitation
	var cwes []int
	for _, f := range fs {
		aliases = append(aliases, f.Aliases...)
		sevs = append(sevs, f.Severities...)
		for _, c := range f.CWEs {
			if n, err := strconv.Atoi(strings.TrimPrefix(c, "CWE-")); err == nil && n > 0 {
				cwes = append(cwes, n)
			}
		}
		v.Description = cmpOr(v.Description, f.Summary)
		for _, e := range f.Evidence {
			aliases = append(aliases, e.Advisory)
			if !e.Published.IsZero() && (published.IsZero() || e.Published.Before(published)) {
				published = e.Published
			}
			if e.Modified.After(updated) {
				updated = e.Modified
			}
		}
		if r := recommendation(f); r != "" && !slices.Contains(recs, r) {
			recs = append(recs, r)
		}
		if x == nil {
			x = f.Exploitation
		}
	}
	slices.Sort(aliases)
	var refs []cdx.VulnerabilityReference
	for _, a := range slices.Compact(aliases) {
		if a != "" && a != id {
			refs = append(refs, cdx.VulnerabilityReference{ID: a, Source: sourceOfID(a, fs)})
		}
	}
	v.References = ptrIf(refs)
	v.Ratings = ptrIf(ratings(sevs))
	slices.Sort(cwes)
	v.CWEs = ptrIf(slices.Compact(cwes))
	if !published.IsZero() {
		v.Published = published.UTC().Format(time.RFC3339)
	}
	if !updated.IsZero() {
		v.Updated = updated.UTC().Format(time.RFC3339)
	}
	v.Recommendation = strings.Join(recs, "\n")
	v.Analysis = analysis(fs[0].VEX)
	v.Properties = ptrIf(exploitProperties(x))
	return v
}

func ptrIf[T any](s []T) *[]T {
	if len(s) == 0 {
		return nil
	}
	return &s
}

// recommendation says what to do about one finding's package.
func recommendation(f *match.Finding) string {
	p := f.Package
	switch f.Status {
	case advisory.StatusWillNotFix:
		return p.Name + " " + p.Version + ": the vendor will not fix it."
	case advisory.StatusAffected:
		switch len(f.Fixed) {
		case 0:
			return p.Name + " " + p.Version + ": no fixed version is available yet."
		case 1:
			return "Upgrade " + p.Name + " from " + p.Version + " to " + f.Fixed[0] + "."
		}
		return "Upgrade " + p.Name + " from " + p.Version + " to one of " + strings.Join(f.Fixed, ", ") + "."
	}
	return ""
}

// ratings turns severities into CycloneDX ratings, sorted as
// Finding.Severities are, duplicates dropped. sevs is the caller's own
// copy: it is sorted in place.
func ratings(sevs []advisory.Severity) []cdx.VulnerabilityRating {
	slices.SortFunc(sevs, func(a, b advisory.Severity) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Type, b.Type),
			strings.Compare(a.Vector, b.Vector), strings.Compare(a.Rating, b.Rating), cmp.Compare(a.Score, b.Score))
	})
	sevs = slices.Compact(sevs)
	var out []cdx.VulnerabilityRating
	for _, s := range sevs {
		r := cdx.VulnerabilityRating{Vector: s.Vector, Severity: severityOf(s.Rating), Method: methodOf(s)}
		if s.Score != 0 {
			score := s.Score
			r.Score = &score
		}
		if s.Source != "" {
			r.Source = &cdx.Source{Name: raterName(s.Source)}
		}
		if s.Vector == "" && s.Rating == "" && r.Score == nil {
			continue
		}
		out = append(out, r)
	}
	return out
}

// methodOf is the CycloneDX scoring method of a severity: its CVSS
// version (3.0 and 3.1 told apart by the vector), or "other" for a
// source's own word.
func methodOf(s advisory.Severity) cdx.ScoringMethod {
	switch s.Type {
	case "CVSS_V2":
		return cdx.ScoringMethodCVSSv2
	case "CVSS_V3":
		if strings.HasPrefix(s.Vector, "CVSS:3.0/") {
			return cdx.ScoringMethodCVSSv3
		}
		return cdx.ScoringMethodCVSSv31
	case "CVSS_V4":
		return cdx.ScoringMethodCVSSv4
	}
	return cdx.ScoringMethodOther
}

// severityOf maps a rating word (CVSS's, a distro's, GitHub's) onto
// CycloneDX's severities.
func severityOf(rating string) cdx.Severity {
	switch strings.ToLower(rating) {
	case "critical":
		return cdx.SeverityCritical
	case "high", "important":
		return cdx.SeverityHigh
	case "medium", "moderate":
		return cdx.SeverityMedium
	case "low", "negligible", "unimportant":
		return cdx.SeverityLow
	case "none":
		return cdx.SeverityNone
	case "info", "informational":
		return cdx.SeverityInfo
	}
	return cdx.SeverityUnknown
}

// raterName names who rated: a database by its name, a CNA by its
// address.
func raterName(source string) string {
	if d, ok := feedDatabase(source); ok {
		return d.name
	}
	return source
}

// analysis is a VEX annotation as a CycloneDX analysis; nil for none.
func analysis(x *match.VEX) *cdx.VulnerabilityAnalysis {
	if x == nil {
		return nil
	}
	a := &cdx.VulnerabilityAnalysis{State: cdx.ImpactAnalysisState(cycloneDXOfStatus[Status(x.Status)])}
	if Status(x.Status) == StatusNotAffected {
		a.Justification = cdx.ImpactAnalysisJustification(cycloneDXOfJustification[Justification(x.Justification)])
		a.Detail = x.Impact
	} else {
		a.Detail = x.Action
	}
	if !x.Timestamp.IsZero() {
		a.LastUpdated = x.Timestamp.UTC().Format(time.RFC3339)
	}
	if *a == (cdx.VulnerabilityAnalysis{}) {
		return nil
	}
	return a
}

// exploitProperties writes what is known of a CVE's exploitation.
func exploitProperties(x *advisory.Exploitation) []cdx.Property {
	if x == nil {
		return nil
	}
	var out []cdx.Property
	if k := x.KEV; k != nil {
		out = append(out, cdx.Property{Name: propKEV, Value: "true"})
		if !k.Added.IsZero() {
			out = append(out, cdx.Property{Name: propKEVAdded, Value: day(k.Added)})
		}
		if !k.Due.IsZero() {
			out = append(out, cdx.Property{Name: propKEVDue, Value: day(k.Due)})
		}
		if k.Ransomware {
			out = append(out, cdx.Property{Name: propKEVRansomware, Value: "true"})
		}
	}
	if e := x.EPSS; e != nil {
		out = append(out,
			cdx.Property{Name: propEPSSScore, Value: strconv.FormatFloat(e.Score, 'f', -1, 64)},
			cdx.Property{Name: propEPSSPercentile, Value: strconv.FormatFloat(e.Percentile, 'f', -1, 64)})
		if !e.Date.IsZero() {
			out = append(out, cdx.Property{Name: propEPSSDate, Value: day(e.Date)})
		}
	}
	return out
}

// database is a vulnerability database: its name, and the address of an
// ID's page there ("" when it has none for that ID).
type database struct {
	name string
	url  func(id string) string
}

func page(prefix string) func(string) string {
	return func(id string) string { return prefix + id }
}

// only returns url for the IDs with one of prefixes, "" for others.
func only(url func(string) string, prefixes ...string) func(string) string {
	return func(id string) string {
		for _, p := range prefixes {
			if strings.HasPrefix(id, p) {
				return url(id)
			}
		}
		return ""
	}
}

var (
	nvd    = database{"NVD", only(page("https://nvd.nist.gov/vuln/detail/"), "CVE-")}
	ghsa   = database{"GitHub Advisories", only(page("https://github.com/advisories/"), "GHSA-")}
	osvDB  = database{"OSV", page("https://osv.dev/vulnerability/")}
	debian = database{"Debian", page("https://security-tracker.debian.org/tracker/")}
	alpine = database{"Alpine", only(page("https://security.alpinelinux.org/vuln/"), "CVE-")}
	ubuntu = database{"Ubuntu", func(id string) string {
		switch {
		case strings.HasPrefix(id, "CVE-"):
			return "https://ubuntu.com/security/" + id
		case strings.HasPrefix(id, "USN-"):
			return "https://ubuntu.com/security/notices/" + id
		}
		return ""
	}}
	redhat = database{"Red Hat", func(id string) string {
		switch {
		case strings.HasPrefix(id, "CVE-"):
			return "https://access.redhat.com/security/cve/" + id
		case strings.HasPrefix(id, "RHSA-"), strings.HasPrefix(id, "RHBA-"), strings.HasPrefix(id, "RHEA-"):
			return "https://access.redhat.com/errata/" + id
		}
		return ""
	}}
)

// feedDatabases are the databases by the feed that reads them
// (advisory.Provenance.Feed up to its first "-": "debian-dsa" is
// Debian's) or the rater that publishes their ratings
// (advisory.Severity.Source); prefixDatabases by the prefix of their IDs.
var (
	feedDatabases = map[string]database{
		"nvd": nvd, "nvd@nist.gov": nvd, "ghsa": ghsa, "osv": osvDB,
		"debian": debian, "alpine": alpine, "ubuntu": ubuntu, "redhat": redhat,
	}
	prefixDatabases = map[string]database{
		"CVE": nvd, "GHSA": ghsa, "DSA": debian, "DLA": debian, "USN": ubuntu,
		"RHSA": redhat, "RHBA": redhat, "RHEA": redhat,
	}
)

// feedDatabase returns the database a feed or a rater names.
func feedDatabase(feed string) (database, bool) {
	family, _, _ := strings.Cut(feed, "-")
	d, ok := feedDatabases[family]
	return d, ok
}

// prefixDatabase returns the database an ID's prefix names.
func prefixDatabase(id string) (database, bool) {
	prefix, _, _ := strings.Cut(id, "-")
	d, ok := prefixDatabases[prefix]
	return d, ok
}

// sourceOfID names where id was published: the database of the feed of
// the first evidence that names it (an OSV record of a GitHub advisory is
// GitHub's), else the database its prefix names, else the prefix itself.
func sourceOfID(id string, fs []*match.Finding) *cdx.Source {
	for _, f := range fs {
		for _, e := range f.Evidence {
			if e.Advisory != id {
				continue
			}
			d, ok := feedDatabase(e.Feed)
			if d.name == osvDB.name && strings.HasPrefix(id, "GHSA-") {
				d = ghsa
			}
			if ok {
				return &cdx.Source{Name: d.name, URL: d.url(id)}
			}
		}
	}
	return sourceOf(id)
}

// sourceOf names the database an ID comes from by its prefix, with the
// address of its page there when known: CycloneDX's reference source
// requires a name.
func sourceOf(id string) *cdx.Source {
	if d, ok := prefixDatabase(id); ok {
		return &cdx.Source{Name: d.name, URL: d.url(id)}
	}
	prefix, _, _ := strings.Cut(id, "-")
	return &cdx.Source{Name: cmpOr(prefix, "unknown")}
}
