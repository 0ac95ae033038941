package redhat

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/csaf"
	"github.com/loadline/loadline/version"
)

// rating returns Red Hat's severity rating ("Low", "Moderate",
// "Important", "Critical") that s writes in any case, as threats of
// category "impact" and aggregate_severity do (older documents in lower
// case), or "" when s is not one.
func rating(s string) string {
	for _, r := range []string{"Low", "Moderate", "Important", "Critical"} {
		if strings.EqualFold(s, r) {
			return r
		}
	}
	return ""
}

// errataID finds an erratum's ID in a vendor_fix URL
// ("https://access.redhat.com/errata/RHSA-2023:6745").
var errataID = regexp.MustCompile(`\bRH[SBE]A-[0-9]{4}:[0-9]+\b`)

// convert turns one CSAF document into advisories: one per vulnerability
// of a VEX document (its ID the CVE), one for a security advisory (its
// ID the RHSA's). record names the document for Source.Record. It
// returns the advisories and the problems met on the way (a CVSS vector
// that does not parse), which do not stop conversion.
func convert(doc *csaf.Document, vs []*csaf.Vulnerability, record string) ([]*advisory.Advisory, []error) {
	var out []*advisory.Advisory
	var errs []error
	if doc.Category == csaf.CategoryVEX {
		for i, v := range vs {
			a := newAdvisory(doc, record)
			a.ID = vulnID(v)
			if a.ID == "" && doc.Tracking.ID != "" {
				a.ID = fmt.Sprintf("%s#%d", doc.Tracking.ID, i)
			}
			if a.ID == "" {
				errs = append(errs, fmt.Errorf("vulnerabilities[%d]: no CVE, ids or document ID", i))
				continue
			}
			a.Summary = cmp.Or(v.Title, doc.Title)
			a.Details = noteText(v.Notes, "description")
			if !v.ReleaseDate.IsZero() {
				a.Published = v.ReleaseDate
			}
			errs = append(errs, addVulnerability(a, doc, v, false)...)
			for _, r := range v.Remediations {
				if r.Category == "vendor_fix" {
					a.Related = append(a.Related, errataID.FindString(r.URL))
				}
			}
			out = append(out, finish(a))
		}
		return out, errs
	}
	if doc.Tracking.ID == "" {
		return nil, []error{errors.New("no document.tracking.id")}
	}
	a := newAdvisory(doc, record)
	a.ID = doc.Tracking.ID
	a.Summary = doc.Title
	a.Details = cmp.Or(noteText(doc.Notes, "details"), noteText(doc.Notes, "summary"), noteText(doc.Notes, "general"))
	var cves []string
	for _, v := range vs {
		cves = append(cves, vulnID(v))
		errs = append(errs, addVulnerability(a, doc, v, true)...)
	}
	// An advisory that fixes one vulnerability is another name for it;
	// one that fixes several is related to each, not the same as any.
	if cves = compact(cves, a.ID); len(cves) == 1 {
		a.Aliases = cves
	} else {
		a.Related = cves
	}
	return []*advisory.Advisory{finish(a)}, errs
}

func newAdvisory(doc *csaf.Document, record string) *advisory.Advisory {
	a := &advisory.Advisory{
		Published: doc.Tracking.InitialReleaseDate,
		Modified:  doc.Tracking.CurrentReleaseDate,
		Source:    advisory.Provenance{Feed: "redhat", Record: record},
	}
	if r := cmp.Or(rating(doc.AggregateSeverity), doc.AggregateSeverity); r != "" {
		a.Severities = append(a.Severities, advisory.Severity{Rating: r, Source: "redhat"})
	}
	for _, r := range doc.References {
		a.References = appendRef(a.References, r)
	}
	return a
}

// vulnID returns a vulnerability's CVE, else its first other ID.
func vulnID(v *csaf.Vulnerability) string {
	if v.CVE != "" {
		return v.CVE
	}
	for _, id := range v.IDs {
		if id.Text != "" {
			return id.Text
		}
	}
	return ""
}

func noteText(notes []csaf.Note, category string) string {
	for _, n := range notes {
		if n.Category == category && n.Text != "" {
			return n.Text
		}
	}
	return ""
}

func appendRef(refs []advisory.Reference, r csaf.Reference) []advisory.Reference {
	if r.URL == "" || slices.ContainsFunc(refs, func(x advisory.Reference) bool { return x.URL == r.URL }) {
		return refs
	}
	typ := "WEB"
	if r.Category == "self" {
		typ = "ADVISORY"
	}
	return append(refs, advisory.Reference{Type: typ, URL: r.URL})
}

// addVulnerability adds what v says to a: severities, references, CWEs
// and affected entries.
func addVulnerability(a *advisory.Advisory, doc *csaf.Document, v *csaf.Vulnerability, fixedOnly bool) []error {
	var errs []error
	for _, s := range v.Scores {
		for _, c := range []*csaf.CVSS{s.CVSS3, s.CVSS2} {
			if c == nil || slices.ContainsFunc(a.Severities, func(x advisory.Severity) bool { return x.Vector == c.Vector }) {
				continue
			}
			sev, err := c.Severity("redhat")
			if err != nil {
				errs = append(errs, err)
			}
			a.Severities = append(a.Severities, sev)
		}
	}
	for _, r := range v.References {
		a.References = appendRef(a.References, r)
	}
	for _, c := range v.CWEs {
		a.CWEs = append(a.CWEs, c.ID)
	}
	a.Affected = append(a.Affected, affected(doc, v, fixedOnly)...)
	return errs
}

// finish sorts and deduplicates a's lists.
func finish(a *advisory.Advisory) *advisory.Advisory {
	a.Aliases = compact(a.Aliases, a.ID)
	a.Related = compact(a.Related, a.ID)
	a.CWEs = compact(a.CWEs, "")
	a.Affected = mergeAffected(a.Affected)
	return a
}

// compact sorts ids and drops duplicates, "" and self.
func compact(ids []string, self string) []string {
	ids = slices.DeleteFunc(ids, func(s string) bool { return s == "" || s == self })
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	return ids
}

// key is what one Affected entry stands for.
type key struct {
	release  advisory.Release
	name     string
	module   string
	status   advisory.Status
	severity string
	reason   string
	fixed    bool // the entry holds fixed versions: a fixed product and an unfixed one stay apart
}

// entry gathers the fixed versions of one key, and which of them only
// an extended-support stream gives.
type entry struct {
	key
	fixed    []string
	extended map[string]bool
}

// stream is a package of a release, whatever its status.
type stream struct {
	release      advisory.Release
	name, module string
}

// affected returns the Affected entries of one vulnerability: one per
// release, package, module, status, severity and reason, the fixed
// versions of a fixed package gathered as ranges of one entry. Products
// that are not rpm packages (container images, Maven artifacts), module
// products themselves, and products without a Red Hat platform CPE give
// no entry. With fixedOnly, only fixed products give entries: an
// advisory's other statuses are per vulnerability, and would contradict
// its fixes once the advisory's vulnerabilities are merged.
func affected(doc *csaf.Document, v *csaf.Vulnerability, fixedOnly bool) []advisory.Affected {
	entries := map[key]*entry{}
	// openMainline holds the packages RHEL's mainline says are affected
	// with no fix (or under investigation): an extended-support stream's
	// fix of the same package (an EUS minor release, which no image's
	// os-release tells apart) must not make a mainline image look fixed.
	openMainline := map[stream]bool{}
	add := func(s *csaf.Statement, status advisory.Status, reason string, fixed bool) {
		p := doc.Products[s.ProductID]
		if p == nil {
			return
		}
		rel, ok := releaseOf(p.CPE)
		if !ok {
			return
		}
		k, ok := packageOf(doc, p)
		if !ok || k.typ != "rpm" || (fixed && k.evr == "") {
			return
		}
		ky := key{release: rel, name: k.name, module: k.module, status: status, severity: rating(s.Impact), reason: reason, fixed: fixed}
		e := entries[ky]
		if e == nil {
			e = &entry{key: ky}
			entries[ky] = e
		}
		ext := extendedStream(p.CPE)
		if !fixed && !ext && status != advisory.StatusNotAffected {
			openMainline[stream{rel, k.name, k.module}] = true
		}
		if fixed && !slices.Contains(e.fixed, k.evr) {
			e.fixed = append(e.fixed, k.evr)
			if ext {
				if e.extended == nil {
					e.extended = map[string]bool{}
				}
				e.extended[k.evr] = true
			}
		} else if fixed && !ext {
			delete(e.extended, k.evr) // the mainline gives it too
		}
	}
	for _, s := range v.Statements() {
		switch s.Status {
		case csaf.StatusFixed, csaf.StatusFirstFixed:
			add(&s, advisory.StatusAffected, "", true)
		case csaf.StatusKnownAffected, csaf.StatusKnownNotAffected, csaf.StatusUnderInvestigation:
			if fixedOnly {
				continue
			}
			status, reason := unfixed(&s)
			add(&s, status, reason, false)
		}
	}
	var out []advisory.Affected
	for _, e := range entries {
		if e.fixed != nil && openMainline[stream{e.release, e.name, e.module}] {
			e.fixed = slices.DeleteFunc(e.fixed, func(f string) bool { return e.extended[f] })
			if len(e.fixed) == 0 {
				continue
			}
		}
		a := advisory.Affected{
			Ecosystem: "rpm",
			Release:   e.release,
			Package:   e.name,
			Module:    e.module,
			Status:    e.status,
			Severity:  e.severity,
			Reason:    e.reason,
		}
		if e.status == advisory.StatusAffected && len(e.fixed) > 0 {
			slices.Sort(e.fixed)
			for _, f := range e.fixed {
				a.Ranges = append(a.Ranges, version.Range{Type: version.RangeEcosystem,
					Events: []version.Event{{Introduced: "0"}, {Fixed: f}}})
			}
		}
		out = append(out, a)
	}
	return out
}

// unfixed returns the status and reason of a product that is not fixed.
func unfixed(s *csaf.Statement) (advisory.Status, string) {
	switch s.Status {
	case csaf.StatusKnownNotAffected:
		return advisory.StatusNotAffected, s.Justification
	case csaf.StatusUnderInvestigation:
		return advisory.StatusUnderInvestigation, ""
	}
	for _, r := range s.Remediations {
		switch r.Category {
		case "no_fix_planned":
			return advisory.StatusWillNotFix, cmp.Or(r.Details, r.Category)
		case "none_available":
			return advisory.StatusAffected, cmp.Or(r.Details, r.Category)
		}
	}
	return advisory.StatusAffected, ""
}

// mergeAffected sorts entries and merges those that differ only in their
// fixed versions (an advisory's several vulnerabilities fixed by one
// update).
func mergeAffected(in []advisory.Affected) []advisory.Affected {
	slices.SortFunc(in, compareAffected)
	var out []advisory.Affected
	for _, a := range in {
		if n := len(out); n > 0 && sameEntry(&out[n-1], &a) {
			for _, r := range a.Ranges {
				if !slices.ContainsFunc(out[n-1].Ranges, func(x version.Range) bool { return slices.Equal(x.Events, r.Events) }) {
					out[n-1].Ranges = append(out[n-1].Ranges, r)
				}
			}
			slices.SortFunc(out[n-1].Ranges, func(x, y version.Range) int {
				return strings.Compare(rangeFixed(x), rangeFixed(y))
			})
			continue
		}
		out = append(out, a)
	}
	return out
}

func sameEntry(a, b *advisory.Affected) bool {
	return a.Release == b.Release && a.Package == b.Package && a.Module == b.Module &&
		a.Status == b.Status && a.Severity == b.Severity && a.Reason == b.Reason &&
		(len(a.Ranges) == 0) == (len(b.Ranges) == 0)
}

func compareAffected(a, b advisory.Affected) int {
	return cmp.Or(
		strings.Compare(a.Release.Distro, b.Release.Distro),
		strings.Compare(a.Release.Version, b.Release.Version),
		strings.Compare(a.Package, b.Package),
		strings.Compare(a.Module, b.Module),
		strings.Compare(string(a.Status), string(b.Status)),
		strings.Compare(a.Severity, b.Severity),
		strings.Compare(a.Reason, b.Reason),
		strings.Compare(strings.Join(fixedOf(a), " "), strings.Join(fixedOf(b), " ")),
	)
}

func fixedOf(a advisory.Affected) []string { return a.Fixed() }

// rangeFixed returns a range's fixed version.
func rangeFixed(r version.Range) string {
	for _, e := range r.Events {
		if e.Fixed != "" {
			return e.Fixed
		}
	}
	return ""
}
