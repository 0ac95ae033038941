package match

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/sbom"
)

// cveOf returns the CVE an ID names, or "": the ID itself when it is a
// CVE ID ("CVE-2024-3094"), or the CVE ID that ends a distro's per-CVE
// record ID ("UBUNTU-CVE-2024-3094", "DEBIAN-CVE-2024-3094").
func cveOf(id string) string {
	i := strings.LastIndex(id, "CVE-")
	if i < 0 || (i > 0 && id[i-1] != '-') {
		return ""
	}
	cve := id[i:]
	year, num, ok := strings.Cut(cve[len("CVE-"):], "-")
	if !ok || len(year) != 4 || len(num) < 4 || !digits(year) || !digits(num) {
		return ""
	}
	return cve
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// vulnIDs splits what a candidate's advisory is about: the CVEs it
// addresses, and its other IDs. A distro's advisory also addresses the
// CVEs among its Related IDs (OSV's "upstream": USN-5614-1 fixes
// UBUNTU-CVE-2021-3782, that is CVE-2021-3782).
func vulnIDs(c *candidate) (cves, others []string) {
	n := 1 + len(c.adv.Aliases) // at most n IDs of each kind: one allocation for both
	if c.distro {
		n += len(c.adv.Related)
	}
	buf := make([]string, 2*n)
	cves, others = buf[:0:n], buf[n:n:2*n]
	add := func(id string, keep bool) {
		cve := cveOf(id)
		if cve != "" && !slices.Contains(cves, cve) {
			cves = append(cves, cve)
		}
		if keep && id != cve && !slices.Contains(others, id) {
			others = append(others, id)
		}
	}
	add(c.adv.ID, true) // c.adv.IDs(), without building the list
	for _, id := range c.adv.Aliases {
		add(id, true)
	}
	if c.distro {
		for _, id := range c.adv.Related {
			if cveOf(id) != "" {
				add(id, id != cveOf(id))
			}
		}
	}
	if len(cves) == 0 && len(others) == 0 { // an advisory without an ID still counts
		others = append(others, cmp.Or(c.adv.Source.Record, "unnamed advisory"))
	}
	return cves, others
}

// unionFind joins IDs into vulnerabilities. A package meets few IDs, so
// they are found by a linear search until there are more than
// linearIDs, and by a map after.
type unionFind struct {
	ids    []string
	parent []int          // index in ids
	index  map[string]int // nil while len(ids) <= linearIDs
}

const linearIDs = 32

// id returns x's index, adding it as its own root when it is new.
func (u *unionFind) id(x string) int {
	if u.index != nil {
		if i, ok := u.index[x]; ok {
			return i
		}
	} else if i := slices.Index(u.ids, x); i >= 0 {
		return i
	}
	i := len(u.ids)
	u.ids, u.parent = append(u.ids, x), append(u.parent, i)
	switch {
	case u.index != nil:
		u.index[x] = i
	case len(u.ids) > linearIDs:
		u.index = make(map[string]int, 2*len(u.ids))
		for k, y := range u.ids {
			u.index[y] = k
		}
	}
	return i
}

func (u *unionFind) root(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// find returns the root ID of x's vulnerability, adding x if it is new.
func (u *unionFind) find(x string) string { return u.ids[u.root(u.id(x))] }

// union joins a's vulnerability to b's: b's root becomes a's root.
func (u *unionFind) union(a, b string) { u.parent[u.root(u.id(a))] = u.root(u.id(b)) }

// part is one candidate's share of one vulnerability.
type part struct {
	c      *candidate
	node   string   // an ID of the vulnerability, joined in the unionFind
	root   string   // node's root, once every ID is joined
	labels []string // IDs to show as aliases, not joined (a bundle's own ID)
}

// rootedID is an ID and its root in the unionFind.
type rootedID struct{ root, id string }

// merge turns the candidates of one package into findings: one per
// vulnerability, joined by alias, each with the most specific status.
// An advisory that addresses several CVEs (a DSA, a USN) counts towards
// each of them, and its own ID is an alias of each without joining them.
func merge(cs []*candidate, inv *sbom.Inventory, d *sbom.Distro) []Finding {
	if !slices.ContainsFunc(cs, func(c *candidate) bool { return c.rank != rankResolved }) {
		return nil // nothing but fixes in place
	}
	uf := &unionFind{ids: make([]string, 0, 2*len(cs)), parent: make([]int, 0, 2*len(cs))}
	parts := make([]part, 0, 2*len(cs)) // a bundle (DSA, USN) has a part per CVE
	for _, c := range cs {
		cves, others := vulnIDs(c)
		if len(cves) > 1 {
			for _, cve := range cves {
				uf.find(cve)
				parts = append(parts, part{c: c, node: cve, labels: others})
			}
			continue
		}
		ids := slices.Concat(cves, others)
		for _, id := range ids[1:] {
			uf.union(id, ids[0])
		}
		parts = append(parts, part{c: c, node: uf.find(ids[0])})
	}
	// parts and IDs by vulnerability: sorted by their root, each run is one
	for i := range parts {
		parts[i].root = uf.find(parts[i].node)
	}
	slices.SortStableFunc(parts, func(a, b part) int { return strings.Compare(a.root, b.root) })
	ids := make([]rootedID, 0, len(uf.ids))
	for _, id := range uf.ids {
		ids = append(ids, rootedID{uf.find(id), id})
	}
	slices.SortFunc(ids, func(a, b rootedID) int { return cmp.Or(strings.Compare(a.root, b.root), strings.Compare(a.id, b.id)) })
	// Each run of parts is one vulnerability; it is a finding unless its
	// most specific source says the package is fixed. Count them first,
	// so that the findings (large structs) are allocated once.
	n := 0
	for run := range runs(parts) {
		if bestOf(run).c.rank != rankResolved {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	fp := findingPackage(&inv.Packages[cs[0].pkg], d) // shared by the package's findings, read-only
	out := make([]Finding, 0, n)
	all := make([]string, 0, len(ids))
	for run := range runs(parts) {
		k := 1 // every ID came from a part, so both runs have the same roots in the same order
		for k < len(ids) && ids[k].root == run[0].root {
			k++
		}
		all = all[:0]
		for _, id := range ids[:k] {
			all = append(all, id.id)
		}
		if f, ok := finding(fp, run, all); ok {
			out = append(out, f)
		}
		ids = ids[k:]
	}
	return out
}

// runs yields the runs of parts (sorted by root) that share a root.
func runs(parts []part) iter.Seq[[]part] {
	return func(yield func([]part) bool) {
		for len(parts) > 0 {
			n := 1
			for n < len(parts) && parts[n].root == parts[0].root {
				n++
			}
			if !yield(parts[:n]) {
				return
			}
			parts = parts[n:]
		}
	}
}

// finding builds one finding from the parts of one vulnerability, or
// reports false when the most specific source says the package is fixed.
func finding(fp Package, ps []part, ids []string) (Finding, bool) {
	best := bestOf(ps)
	if best.c.rank == rankResolved {
		return Finding{}, false
	}
	f := Finding{Package: fp, Status: best.c.ev.Status, Confidence: ConfidenceLow}
	nev, nsev, nlabels := 0, 0, 0
	for _, pt := range ps {
		nlabels += len(pt.labels)
		if pt.c.rank != rankResolved {
			nev++
			nsev += len(pt.c.adv.Severities)
			if pt.c.ev.Severity != "" {
				nsev++
			}
		}
	}
	f.Evidence = make([]Evidence, 0, nev)
	if nsev > 0 {
		f.Severities = make([]advisory.Severity, 0, nsev)
	}
	all := append(make([]string, 0, len(ids)+nlabels), ids...)
	for _, pt := range ps {
		c := pt.c
		all = append(all, pt.labels...)
		if c.rank == rankResolved {
			continue
		}
		f.Evidence = append(f.Evidence, *c.ev)
		if c.ev.Confidence == ConfidenceHigh {
			f.Confidence = ConfidenceHigh
		}
		if c.ev.Status == advisory.StatusAffected {
			for _, v := range c.ev.Fixed {
				if !slices.Contains(f.Fixed, v) {
					f.Fixed = append(f.Fixed, v)
				}
			}
		}
		f.Severities = append(f.Severities, c.adv.Severities...)
		f.CWEs = append(f.CWEs, c.adv.CWEs...)
		if c.ev.Severity != "" {
			f.Severities = append(f.Severities, advisory.Severity{Rating: c.ev.Severity, Source: cmp.Or(c.ev.Release.Distro, c.ev.Feed)})
		}
	}
	sortVersions(best.c.scheme, f.Fixed)
	for _, pt := range ps {
		if ev := pt.c.ev; ev != nil && len(f.Fixed) > 0 && slices.Contains(ev.Fixed, f.Fixed[0]) && !ev.Published.IsZero() &&
			(f.FixPublished.IsZero() || ev.Published.Before(f.FixPublished)) {
			f.FixPublished = ev.Published
		}
	}
	slices.SortFunc(f.Evidence, compareEvidence)
	f.Evidence = slices.CompactFunc(f.Evidence, func(a, b Evidence) bool { return compareEvidence(a, b) == 0 })
	for _, ev := range f.Evidence {
		for _, pt := range ps {
			if pt.c.ev != nil && pt.c.ev.Advisory == ev.Advisory && pt.c.adv.Summary != "" && f.Summary == "" {
				f.Summary = pt.c.adv.Summary
			}
		}
	}
	slices.SortFunc(f.Severities, compareSeverity)
	f.Severities = slices.Compact(f.Severities)
	slices.Sort(f.CWEs)
	f.CWEs = slices.Compact(f.CWEs)
	f.Vulnerability = primary(all)
	slices.Sort(all)
	for _, id := range slices.Compact(all) {
		if id != f.Vulnerability {
			f.Aliases = append(f.Aliases, id)
		}
	}
	return f, true
}

// bestOf returns the part of ps with the most specific rank, the first
// of equals.
func bestOf(ps []part) part {
	return slices.MaxFunc(ps, func(a, b part) int { return cmp.Compare(a.c.rank, b.c.rank) })
}

// primary picks a vulnerability's ID: the least CVE, else the least GHSA,
// else the least ID.
func primary(ids []string) string {
	least := func(pred func(string) bool) string {
		var out string
		for _, id := range ids {
			if pred(id) && (out == "" || id < out) {
				out = id
			}
		}
		return out
	}
	return cmp.Or(
		least(func(id string) bool { return strings.HasPrefix(id, "CVE-") }),
		least(func(id string) bool { return strings.HasPrefix(id, "GHSA-") }),
		least(func(string) bool { return true }),
	)
}

func compareEvidence(a, b Evidence) int {
	return cmp.Or(
		strings.Compare(a.Feed, b.Feed),
		strings.Compare(a.Advisory, b.Advisory),
		strings.Compare(a.Record, b.Record),
		strings.Compare(a.Release.String(), b.Release.String()),
		strings.Compare(a.Package, b.Package),
		strings.Compare(a.Module, b.Module),
		strings.Compare(a.CPE, b.CPE),
		strings.Compare(a.Range, b.Range),
		strings.Compare(string(a.Status), string(b.Status)),
		slices.Compare(a.Fixed, b.Fixed),
		strings.Compare(a.Version, b.Version),
		strings.Compare(a.Severity, b.Severity),
		strings.Compare(a.Reason, b.Reason),
		a.Published.Compare(b.Published),
	)
}

func compareSeverity(a, b advisory.Severity) int {
	return cmp.Or(
		strings.Compare(a.Source, b.Source),
		strings.Compare(a.Type, b.Type),
		strings.Compare(a.Vector, b.Vector),
		strings.Compare(a.Rating, b.Rating),
		cmp.Compare(a.Score, b.Score),
	)
}

// findingPackage is what a finding says of p.
func findingPackage(p *sbom.Package, d *sbom.Distro) Package {
	out := Package{
		PURL: cmp.Or(p.PURL, sbom.PackageURL(*p, d)), Type: p.Type, Namespace: p.Namespace,
		Name: p.Name, Version: p.Version, Layer: p.Layer, Locations: slices.Clone(p.Evidence),
	}
	if o := p.Origin; o != nil {
		if o.Name != p.Name {
			out.Source = o.Name
		}
		if o.Version != "" && o.Version != p.Version {
			out.SourceVersion = o.Version
		}
	}
	return out
}
