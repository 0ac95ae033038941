package secdb

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// MaxFile is the largest secdb file Parse reads.
const MaxFile = 512 << 20

// RecordError is a secdb entry that could not be read, or an ID string
// with a malformed ID in it; the parse goes on.
type RecordError struct {
	// Record names the entry: "packages[3]", or "<package> <version>
	// <string>" for an ID string.
	Record string
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("secdb: record %s: %v", e.Record, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// file is a secdb document.
type file struct {
	DistroVersion string          `json:"distroversion"`
	RepoName      string          `json:"reponame"`
	Packages      json.RawMessage `json:"packages"`
}

type entry struct {
	Pkg struct {
		Name     string                       `json:"name"`
		Secfixes map[string][]json.RawMessage `json:"secfixes"`
	} `json:"pkg"`
}

// fix is one listing of an ID for a package: the version that fixes it
// ("0": never affected) and the notes beside it.
type fix struct {
	version string
	notes   []string
}

// gathered is what a file says of one advisory ID.
type gathered struct {
	aliases map[string]bool
	pkgs    map[string][]fix
}

// parse yields the advisories of one secdb file read by feed f.
func parse(ctx context.Context, r io.Reader, f *Feed) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
		if err != nil {
			yield(nil, fmt.Errorf("secdb: read: %w", err))
			return
		}
		if len(data) > MaxFile {
			yield(nil, fmt.Errorf("secdb: file over %d bytes", MaxFile))
			return
		}
		var doc file
		if err := json.Unmarshal(data, &doc); err != nil {
			yield(nil, fmt.Errorf("secdb: %w", err))
			return
		}
		name, rel, err := f.identify(&doc)
		if err != nil {
			yield(nil, err)
			return
		}
		entries, err := packagesOf(doc.Packages)
		if err != nil {
			yield(nil, err)
			return
		}
		all := map[string]*gathered{}
		for i, raw := range entries {
			if err := ctx.Err(); err != nil {
				yield(nil, fmt.Errorf("secdb: %w", err))
				return
			}
			if !gather(all, i, raw, yield) {
				return
			}
		}
		for _, id := range slices.Sorted(maps.Keys(all)) {
			if err := ctx.Err(); err != nil {
				yield(nil, fmt.Errorf("secdb: %w", err))
				return
			}
			if !yield(build(id, all[id], name, rel), nil) {
				return
			}
		}
	}
}

// identify returns the feed name and release of doc as read by f.
func (f *Feed) identify(doc *file) (string, advisory.Release, error) {
	d := f.distro()
	if d != Alpine {
		return f.Name(), f.Release(), nil
	}
	branch, repo := f.Branch, f.Repo
	if branch != "" && doc.DistroVersion != "" && doc.DistroVersion != branch {
		return "", advisory.Release{}, fmt.Errorf("secdb: file is for %s, not %s", doc.DistroVersion, branch)
	}
	if repo != "" && doc.RepoName != "" && doc.RepoName != repo {
		return "", advisory.Release{}, fmt.Errorf("secdb: file is for repository %s, not %s", doc.RepoName, repo)
	}
	branch, repo = cmp.Or(branch, doc.DistroVersion), cmp.Or(repo, doc.RepoName)
	if branch == "" {
		return "", advisory.Release{}, fmt.Errorf("secdb: no distroversion in an Alpine file")
	}
	name := Alpine
	if repo != "" {
		name = alpineName(branch, repo)
	}
	return name, releaseOf(Alpine, branch), nil
}

// packagesOf splits the packages array. Alpine writes an empty one as
// {} (edge/community.json has); null or absent is empty too.
func packagesOf(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '{' {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil || len(m) > 0 {
			return nil, fmt.Errorf("secdb: packages is an object, not an array")
		}
		return nil, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("secdb: packages: %w", err)
	}
	return list, nil
}

// gather adds package entry i to all. It reports whether to go on.
func gather(all map[string]*gathered, i int, raw json.RawMessage, yield func(*advisory.Advisory, error) bool) bool {
	var e entry
	if err := json.Unmarshal(raw, &e); err != nil {
		return yield(nil, &RecordError{Record: fmt.Sprintf("packages[%d]", i), Err: err})
	}
	pkg := e.Pkg.Name
	if pkg == "" {
		return yield(nil, &RecordError{Record: fmt.Sprintf("packages[%d]", i), Err: fmt.Errorf("no package name")})
	}
	for _, ver := range slices.Sorted(maps.Keys(e.Pkg.Secfixes)) {
		for _, rawID := range e.Pkg.Secfixes[ver] {
			var s string
			if err := json.Unmarshal(rawID, &s); err != nil {
				if !yield(nil, &RecordError{Record: pkg + " " + ver, Err: fmt.Errorf("ID %s is not a string", rawID)}) {
					return false
				}
				continue
			}
			ids, notes, err := splitIDs(s)
			if err != nil && !yield(nil, &RecordError{Record: fmt.Sprintf("%s %s %q", pkg, ver, s), Err: err}) {
				return false
			}
			add(all, ids, pkg, fix{version: ver, notes: notes})
		}
	}
	return true
}

// add records that ids (CVEs first) are fixed in pkg at fx: each CVE is
// an advisory with the other IDs as aliases; with no CVE, the first ID
// is.
func add(all map[string]*gathered, ids []string, pkg string, fx fix) {
	heads := ids
	if n := countCVEs(ids); n > 0 {
		heads = ids[:n]
	} else if len(ids) > 0 {
		heads = ids[:1]
	}
	for _, id := range heads {
		g := all[id]
		if g == nil {
			g = &gathered{aliases: map[string]bool{}, pkgs: map[string][]fix{}}
			all[id] = g
		}
		for _, other := range ids[len(heads):] {
			g.aliases[other] = true
		}
		fixes := g.pkgs[pkg]
		if j := slices.IndexFunc(fixes, func(x fix) bool { return x.version == fx.version }); j >= 0 {
			fixes[j].notes = append(fixes[j].notes, fx.notes...)
		} else {
			g.pkgs[pkg] = append(fixes, fix{version: fx.version, notes: slices.Clone(fx.notes)})
		}
	}
}

// countCVEs returns how many of ids, which hold CVEs first, are CVEs.
func countCVEs(ids []string) int {
	n := 0
	for n < len(ids) && strings.HasPrefix(ids[n], "CVE-") {
		n++
	}
	return n
}

// build returns the advisory of id.
func build(id string, g *gathered, feed string, rel advisory.Release) *advisory.Advisory {
	a := &advisory.Advisory{ID: id, Source: advisory.Provenance{Feed: feed, Record: id}}
	delete(g.aliases, id)
	if len(g.aliases) > 0 {
		a.Aliases = slices.Sorted(maps.Keys(g.aliases))
	}
	for _, pkg := range slices.Sorted(maps.Keys(g.pkgs)) {
		a.Affected = append(a.Affected, affected(pkg, g.pkgs[pkg], rel))
	}
	return a
}

// notAffected is the Reason of a package listed under version "0".
const notAffected = "secfixes version 0: never affected"

// affected returns what the fixes of one package say: fixed in each
// version listed (one range each, lowest first), or not affected when
// "0" is the only version.
func affected(pkg string, fixes []fix, rel advisory.Release) advisory.Affected {
	af := advisory.Affected{Ecosystem: version.APK, Release: rel, Package: pkg, Status: advisory.StatusAffected}
	var notes []string
	var versions []string
	for _, fx := range fixes {
		notes = append(notes, fx.notes...)
		if fx.version != "0" {
			versions = append(versions, fx.version)
		}
	}
	slices.SortFunc(versions, compareAPK)
	for _, v := range versions {
		af.Ranges = append(af.Ranges, version.Range{
			Type:   version.RangeEcosystem,
			Events: []version.Event{{Introduced: "0"}, {Fixed: v}},
		})
	}
	if len(versions) == 0 {
		af.Status = advisory.StatusNotAffected
		notes = append([]string{notAffected}, notes...)
	}
	af.Reason = strings.Join(slices.Compact(notes), "; ")
	return af
}

// compareAPK orders versions as apk does, and by bytes where apk cannot
// read one.
func compareAPK(a, b string) int {
	if c, err := version.Compare(version.APK, a, b); err == nil {
		return c
	}
	return strings.Compare(a, b)
}

var (
	cvePrefix = regexp.MustCompile(`^CVE[-_]([0-9]{4})-([0-9]{4,})`)
	otherID   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$`)
)

// splitIDs reads one secfixes string: usually one CVE ID, but Alpine
// also writes several IDs ("CVE-2017-8904 XSA-214"), non-CVE IDs
// ("XSA-207", "ALPINE-13661", "GHSA-..."), notes in parentheses
// ("CVE-2018-14462 (ICMP)"), placeholders ("CVE-????-?????", "N/A") and
// typos ("CVE_2019-2426", "CVE-2021-35940.patch", "CVE-2017-17434-1").
// It returns the IDs, CVEs first (normalised to CVE-YYYY-NNNN: the typos
// above become CVE-2019-2426, CVE-2021-35940 and CVE-2017-17434) then the
// others as written, each once; and the notes: the parenthesised text and
// the words that are not IDs (placeholders, "XPTI"). The error names a
// token that looks like a CVE but is not one ("CVE-46838"), or says the
// string holds no ID; the IDs it did read are returned with it.
func splitIDs(s string) (ids, notes []string, err error) {
	rest := s
	var plain []string
	for {
		open := strings.IndexByte(rest, '(')
		if open < 0 {
			plain = append(plain, rest)
			break
		}
		plain = append(plain, rest[:open])
		end := strings.IndexByte(rest[open:], ')')
		if end < 0 {
			notes = append(notes, strings.TrimSpace(rest[open+1:]))
			break
		}
		notes = append(notes, strings.TrimSpace(rest[open+1:open+end]))
		rest = rest[open+end+1:]
	}
	var cves, others, bad []string
	for _, tok := range strings.Fields(strings.Join(plain, " ")) {
		upper := strings.ToUpper(tok)
		switch {
		case !strings.ContainsAny(tok, "0123456789") || strings.Contains(tok, "?"):
			notes = append(notes, tok)
		case strings.HasPrefix(upper, "CVE"):
			if m := cvePrefix.FindStringSubmatch(upper); m != nil {
				cves = append(cves, "CVE-"+m[1]+"-"+m[2])
			} else {
				bad = append(bad, tok)
			}
		case otherID.MatchString(tok):
			others = append(others, tok)
		default:
			bad = append(bad, tok)
		}
	}
	ids = append(dedup(cves), dedup(others)...)
	notes = slices.DeleteFunc(notes, func(n string) bool { return n == "" })
	switch {
	case len(bad) > 0:
		err = fmt.Errorf("malformed ID %s", strings.Join(bad, ", "))
	case len(ids) == 0:
		err = fmt.Errorf("no ID")
	}
	return ids, notes, err
}

// dedup drops repeats from ids, keeping the first of each.
func dedup(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
