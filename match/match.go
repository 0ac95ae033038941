package match

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

// Matcher joins an inventory with advisories. Store is required; the rest
// of its zero value works: no exploitation data, no CPE matching, the
// release's support dates from advisory/eol, Now read from the clock,
// four lookups at a time, silent. A Matcher is safe
// for concurrent use as long as its fields are not changed.
type Matcher struct {
	// Store answers the lookups. Required.
	Store advisory.Store
	// Exploits, when not nil, gives each finding with a CVE its KEV entry
	// and EPSS score.
	Exploits advisory.ExploitStore
	// CPE turns on matching by CPE name (NVD's configurations) for the
	// packages no ecosystem data covers (an OS package of a release no
	// distro feed covers, a package of an ecosystem without data) that
	// carry CPEs in the inventory. Such findings have ConfidenceLow.
	// Packages a distro feed covers are never matched by CPE.
	CPE bool
	// Support, when not nil, replaces eol.Lookup as the source of
	// Result.Support (a function that always returns false turns it off).
	// It must be safe for concurrent use.
	Support func(advisory.Release) (eol.Support, bool)
	// Now is the time recorded as Result.Matched; zero means the clock's
	// time, in UTC.
	Now time.Time
	// KernelHeaders matches the kernel's header packages (Debian's and
	// Ubuntu's linux-libc-dev and linux-headers-*, Red Hat's
	// kernel-headers) against the kernel's advisories too, by their
	// source package. Off by default, as Grype has it since 2024: they
	// hold the kernel's interface headers, not its code, so its
	// vulnerabilities (hundreds a release, most of an image's findings
	// where they are counted) do not apply to them. They are still
	// matched by their own names.
	KernelHeaders bool
	// Workers bounds how many lookups run at once; 0 means 4.
	Workers int
	// Logger receives debug records of each lookup; nil means silent.
	Logger *slog.Logger
}

// ErrNoStore is returned by Match when the Matcher has no Store.
var ErrNoStore = errors.New("match: no advisory store")

// osTypes are the Package URL types of OS packages, looked up by distro
// release.
var osTypes = map[string]bool{"deb": true, "rpm": true, "apk": true}

// Match finds the vulnerabilities of inv's packages. It does not modify
// inv, and the same inventory and store give the same Result (sorted; see
// Result). A nil inv gives an empty Result. An error means a lookup
// failed (the store could not be read, or ctx ended): nothing useful came
// back. A package that cannot be decided is a Problem in the Result, and
// matching goes on.
func (m *Matcher) Match(ctx context.Context, inv *sbom.Inventory) (*Result, error) {
	if m.Store == nil {
		return nil, ErrNoStore
	}
	now := m.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	res := &Result{Matched: now, Findings: []Finding{}}
	if inv == nil {
		return res, nil
	}
	res.Source, res.Distro, res.Layers, res.Packages = inv.Source, inv.Distro, inv.Layers, len(inv.Packages)
	if inv.Distro != nil {
		res.Release = advisory.ReleaseOf(inv.Distro.ID, inv.Distro.VersionID)
	}
	if !res.Release.IsZero() {
		support := m.Support
		if support == nil {
			support = eol.Lookup
		}
		if s, ok := support(res.Release); ok {
			res.Support = &s
		}
	}
	jobs := m.plan(inv, res.Release)
	answers, err := m.lookup(ctx, jobs)
	if err != nil {
		return nil, err
	}
	var (
		todo     []int // packages to decide
		gaps     = map[gapKey]*Gap{}
		cpeQueue []int
	)
	covered := func(j *job) bool {
		for _, q := range j.queries {
			if answers[key(q)].Covered {
				return true
			}
		}
		return false
	}
	// some reports whether a store that does not cover the job's
	// release still holds advisories for it (a list of announced fixes
	// alone, such as Debian's DSA list): they are matched, and the
	// release is still a gap.
	some := func(j *job) bool {
		for _, q := range j.queries {
			if len(answers[key(q)].Advisories) > 0 {
				return true
			}
		}
		return false
	}
	osCovered := false
	// partial holds the ecosystems and releases no feed covers for
	// which the store still holds advisories.
	partial := map[gapKey]bool{}
	for i := range jobs {
		j := &jobs[i]
		c := covered(j)
		if j.os && c {
			osCovered = true
		}
		if j.why == "" && !c && some(j) {
			partial[gapKey{ecosystem: j.ecosystem, release: j.release}] = true
		}
	}
	for i := range jobs {
		j := &jobs[i]
		p := &inv.Packages[i]
		switch {
		case j.why == "" && covered(j):
			if p.OwnedBy != "" && osCovered {
				continue // the owning OS package speaks for it
			}
			todo = append(todo, i)
			continue
		case j.why == "" && partial[gapKey{ecosystem: j.ecosystem, release: j.release}]:
			j.why = "incomplete advisory data for this distro release: no feed covers it"
			if !j.os {
				j.why = "incomplete advisory data for this ecosystem: no feed covers it"
			}
			if some(j) {
				todo = append(todo, i)
			}
		case j.why == "" && j.os:
			j.why = "no advisory data for this distro release"
		case j.why == "":
			j.why = "no advisory data for this ecosystem"
		}
		k := gapKey{j.ecosystem, j.release, j.why}
		if gaps[k] == nil {
			gaps[k] = &Gap{Ecosystem: j.ecosystem, Release: j.release, Why: j.why}
		}
		gaps[k].Packages++
		if m.CPE && len(p.CPEs) > 0 {
			cpeQueue = append(cpeQueue, i)
		}
	}
	if err := m.decideAll(ctx, inv, jobs, todo, answers, res); err != nil {
		return nil, err
	}
	if len(cpeQueue) > 0 {
		cs, err := m.matchCPE(ctx, inv, cpeQueue, res)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			res.Findings = append(res.Findings, merge(c, inv, res.Distro)...)
		}
	}
	for _, g := range gaps {
		res.Gaps = append(res.Gaps, *g)
	}
	res.Feeds = feedsOf(answers)
	if err := m.exploit(ctx, res.Findings); err != nil {
		return nil, err
	}
	if err := m.rate(ctx, res.Findings); err != nil {
		return nil, err
	}
	sortResult(res)
	return res, nil
}

// decideAll decides the packages at todo, m.Workers at a time, and
// appends their findings and problems to res in todo's order.
func (m *Matcher) decideAll(ctx context.Context, inv *sbom.Inventory, jobs []job, todo []int, answers map[queryKey]advisory.Answer, res *Result) error {
	type outcome struct {
		findings []Finding
		problems []Problem
	}
	outs := make([]outcome, len(todo))
	var g errgroup.Group
	g.SetLimit(cmp.Or(m.Workers, 4))
	const batch = 64 // packages per goroutine
	for lo := 0; lo < len(todo); lo += batch {
		hi := min(lo+batch, len(todo))
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for k := lo; k < hi; k++ {
				i := todo[k]
				o := &outs[k]
				cs := decide(&jobs[i], i, &inv.Packages[i], answers, &o.problems)
				o.findings = merge(cs, inv, res.Distro)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	n := len(res.Findings)
	for _, o := range outs {
		n += len(o.findings)
	}
	res.Findings = slices.Grow(res.Findings, n-len(res.Findings))
	for _, o := range outs {
		res.Findings = append(res.Findings, o.findings...)
		res.Problems = append(res.Problems, o.problems...)
	}
	return nil
}

// gapKey identifies one Gap.
type gapKey struct {
	ecosystem string
	release   advisory.Release
	why       string
}

// job is what matching asks and compares for one package.
type job struct {
	ecosystem string
	release   advisory.Release
	os        bool
	scheme    version.Scheme
	// queries are the lookups; names and versions the name each entry
	// may key the package by and the version compared for it.
	queries []advisory.Query
	names   []nameVersion
	why     string // not "": the package cannot be looked up (a gap)
}

type nameVersion struct{ name, version string }

// queryKey is a comparable Query.
type queryKey struct {
	ecosystem string
	release   advisory.Release
	name      string
}

func key(q advisory.Query) queryKey { return queryKey{q.Ecosystem, q.Release, q.Package} }

// plan decides each package's lookups, in inventory order.
func (m *Matcher) plan(inv *sbom.Inventory, rel advisory.Release) []job {
	jobs := make([]job, len(inv.Packages))
	for i := range inv.Packages {
		p := &inv.Packages[i]
		j := &jobs[i]
		j.ecosystem = strings.ToLower(p.Type)
		s, err := version.Lookup(j.ecosystem)
		if err != nil {
			j.why = "no version ordering for this ecosystem"
			continue
		}
		j.scheme = s
		if osTypes[j.ecosystem] {
			j.os, j.release = true, rel
			if rel.IsZero() {
				j.why = "no distro release detected"
				continue
			}
			if p.Origin != nil && p.Origin.Name != "" && p.Origin.Name != p.Name && (m.KernelHeaders || !kernelHeaders(j.ecosystem, p.Name, p.Origin.Name)) {
				j.names = append(j.names, nameVersion{p.Origin.Name, cmp.Or(p.Origin.Version, p.Version)})
			}
			j.names = append(j.names, nameVersion{p.Name, p.Version})
		} else {
			j.names = []nameVersion{{ecosystemName(p), p.Version}}
		}
		for _, n := range j.names {
			j.queries = append(j.queries, advisory.Query{Ecosystem: j.ecosystem, Release: j.release, Package: n.name})
		}
	}
	return jobs
}

// kernelHeaders reports whether the OS package name of ecosystem eco,
// built from the source package source, holds the kernel's headers only
// (see Matcher.KernelHeaders).
func kernelHeaders(eco, name, source string) bool {
	switch eco {
	case "deb":
		return strings.HasPrefix(source, "linux") && (name == "linux-libc-dev" || strings.HasPrefix(name, "linux-headers-"))
	case "rpm":
		return strings.HasPrefix(source, "kernel") && name == "kernel-headers"
	}
	return false
}

// ecosystemName returns the name advisories key an application package
// by: "group:artifact" for Maven, "@scope/name" for npm, the module path
// for Go, "vendor/name" for Composer; the bare name otherwise.
//
// A Name that already starts with its Namespace (as some SBOM tools
// write a Go module: name "github.com/a/b", namespace "github.com/a") is
// taken whole.
func ecosystemName(p *sbom.Package) string {
	sep := "/"
	if p.Type == "maven" {
		sep = ":"
	}
	if p.Namespace == "" || strings.HasPrefix(p.Name, p.Namespace+sep) {
		return p.Name
	}
	return p.Namespace + sep + p.Name
}

// lookup asks the store every distinct query of jobs, m.Workers at a
// time.
func (m *Matcher) lookup(ctx context.Context, jobs []job) (map[queryKey]advisory.Answer, error) {
	seen := map[queryKey]bool{}
	var qs []advisory.Query
	for i := range jobs {
		for _, q := range jobs[i].queries {
			if k := key(q); !seen[k] {
				seen[k] = true
				qs = append(qs, q)
			}
		}
	}
	return m.ask(ctx, qs)
}

// ask runs qs against the store, m.Workers at a time.
func (m *Matcher) ask(ctx context.Context, qs []advisory.Query) (map[queryKey]advisory.Answer, error) {
	answers := make([]advisory.Answer, len(qs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(cmp.Or(m.Workers, 4))
	for i, q := range qs {
		g.Go(func() error {
			a, err := m.Store.Lookup(gctx, q)
			if err != nil {
				return fmt.Errorf("match: lookup %s %s %q: %w", q.Ecosystem, q.Release, q.Package, err)
			}
			if m.Logger != nil {
				m.Logger.Debug("match: lookup", "ecosystem", q.Ecosystem, "release", q.Release.String(), "package", q.Package, "advisories", len(a.Advisories), "covered", a.Covered)
			}
			answers[i] = a
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[queryKey]advisory.Answer, len(qs))
	for i, q := range qs {
		out[key(q)] = answers[i]
	}
	return out, nil
}

// feedsOf lists the feeds of every advisory answered, with the latest
// fetch time of each.
func feedsOf(answers map[queryKey]advisory.Answer) []Feed {
	latest := map[string]time.Time{}
	for _, a := range answers {
		for _, adv := range a.Advisories {
			t, ok := latest[adv.Source.Feed]
			if !ok || adv.Source.Fetched.After(t) {
				latest[adv.Source.Feed] = adv.Source.Fetched
			}
		}
	}
	var out []Feed
	for name, t := range latest {
		out = append(out, Feed{Name: name, Fetched: t})
	}
	slices.SortFunc(out, func(a, b Feed) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// exploit attaches exploitation data to findings, one store call per
// distinct CVE.
func (m *Matcher) exploit(ctx context.Context, fs []Finding) error {
	if m.Exploits == nil {
		return nil
	}
	byID, err := askOnce(ctx, m.Workers, fs, func(f *Finding) bool { return true },
		func(ctx context.Context, id string) (*advisory.Exploitation, error) {
			e, err := m.Exploits.Exploitation(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("match: exploitation of %s: %w", id, err)
			}
			if e.KEV == nil && e.EPSS == nil {
				return nil, nil
			}
			return &e, nil
		})
	if err != nil {
		return err
	}
	for i := range fs {
		fs[i].Exploitation = byID[fs[i].Vulnerability]
	}
	return nil
}

// rating is what the store's other records of a CVE say of it.
type rating struct {
	sevs []advisory.Severity
	cwes []string
}

// rate rates the findings that no evidence rates from the store's other
// records of their CVE (see Finding.Severities), one ByID per distinct
// CVE, when the store is an advisory.IDStore.
func (m *Matcher) rate(ctx context.Context, fs []Finding) error {
	is, ok := m.Store.(advisory.IDStore)
	if !ok {
		return nil
	}
	unrated := func(f *Finding) bool { return len(f.Severities) == 0 }
	byID, err := askOnce(ctx, m.Workers, fs, unrated, func(ctx context.Context, id string) (*rating, error) {
		advs, err := is.ByID(ctx, id)
		if errors.Is(err, advisory.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("match: ratings of %s: %w", id, err)
		}
		r := &rating{}
		for _, a := range advs {
			if !a.Withdrawn.IsZero() {
				continue
			}
			for _, s := range a.Severities {
				if s.Vector != "" {
					s.Source = cmp.Or(s.Source, a.Source.Feed)
					r.sevs = append(r.sevs, s)
				}
			}
			r.cwes = append(r.cwes, a.CWEs...)
		}
		return r, nil
	})
	if err != nil {
		return err
	}
	for i := range fs {
		f := &fs[i]
		r := byID[f.Vulnerability]
		if r == nil || !unrated(f) {
			continue
		}
		f.Severities = slices.Clone(r.sevs)
		slices.SortFunc(f.Severities, compareSeverity)
		f.Severities = slices.Compact(f.Severities)
		if len(f.CWEs) == 0 && len(r.cwes) > 0 {
			f.CWEs = slices.Compact(slices.Sorted(slices.Values(r.cwes)))
		}
	}
	return nil
}

// askOnce calls ask once for each distinct CVE that is the
// Vulnerability of a finding want accepts, workers at a time (0 means
// 4), and returns the answers by CVE; a nil answer is left out.
func askOnce[T any](ctx context.Context, workers int, fs []Finding, want func(*Finding) bool, ask func(context.Context, string) (*T, error)) (map[string]*T, error) {
	var (
		mu    sync.Mutex
		out   = map[string]*T{}
		asked = map[string]bool{} // by this goroutine only
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(cmp.Or(workers, 4))
	for i := range fs {
		id := fs[i].Vulnerability
		if !strings.HasPrefix(id, "CVE-") || asked[id] || !want(&fs[i]) {
			continue
		}
		asked[id] = true
		g.Go(func() error {
			v, err := ask(gctx, id)
			if v != nil {
				mu.Lock()
				out[id] = v
				mu.Unlock()
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// sortResult puts res in its canonical order.
func sortResult(res *Result) {
	slices.SortStableFunc(res.Findings, func(a, b Finding) int {
		return cmp.Or(comparePackage(a.Package, b.Package), strings.Compare(a.Vulnerability, b.Vulnerability))
	})
	slices.SortFunc(res.Gaps, func(a, b Gap) int {
		return cmp.Or(strings.Compare(a.Ecosystem, b.Ecosystem), strings.Compare(a.Release.String(), b.Release.String()), strings.Compare(a.Why, b.Why))
	})
	slices.SortFunc(res.Problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Package, b.Package), strings.Compare(a.Advisory, b.Advisory), strings.Compare(a.Message, b.Message))
	})
	res.Problems = slices.Compact(res.Problems)
}

// comparePackage orders finding packages as sbom.ComparePackages orders
// packages.
func comparePackage(a, b Package) int {
	return cmp.Or(
		strings.Compare(a.Type, b.Type),
		strings.Compare(a.Namespace, b.Namespace),
		strings.Compare(a.Name, b.Name),
		strings.Compare(a.Version, b.Version),
		strings.Compare(a.PURL, b.PURL),
		strings.Compare(a.Layer, b.Layer),
		slices.Compare(a.Locations, b.Locations),
	)
}
