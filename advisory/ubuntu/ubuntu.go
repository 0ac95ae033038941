package ubuntu

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/ulikunitz/xz"

	govex "github.com/openvex/go-vex/pkg/vex"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/version"
)

// DefaultURL is where Canonical publishes every Ubuntu OpenVEX document
// in one archive.
const DefaultURL = "https://security-metadata.canonical.com/vex/vex-all.tar.xz"

// MaxDocument is the largest document Parse reads.
const MaxDocument = 64 << 20

// RecordError is a document Parse could not read; parsing goes on.
type RecordError struct {
	Record string // the document's path in the archive, or its @id
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("ubuntu: record %s: %v", e.Record, e.Err) }

// Unwrap returns Err.
func (e *RecordError) Unwrap() error { return e.Err }

// Feed is Ubuntu's OpenVEX data: one document per CVE, each statement
// naming the source and binary packages of some releases. Its zero value
// fetches DefaultURL with a zero fetch.Client. It is safe for concurrent
// use.
type Feed struct {
	// URL overrides DefaultURL.
	URL string
	// Client fetches; nil means a zero fetch.Client.
	Client *fetch.Client
}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "ubuntu-vex".
func (f *Feed) Name() string { return "ubuntu-vex" }

// Location returns the archive's address.
func (f *Feed) Location() string {
	if f.URL != "" {
		return f.URL
	}
	return DefaultURL
}

// Fetch downloads the archive with a conditional GET (see
// fetch.Client.Get): advisory.ErrNotModified when it is unchanged since
// prev. The data is returned as fetched; Parse reads it unless it is
// xz-compressed, as DefaultURL is.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	c := f.Client
	return fetch.Feed(ctx, c, "ubuntu", f.Location(), prev)
}

// Parse reads r as Parse (the package function) does.
func (f *Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return Parse(ctx, r)
}

// Parse reads Ubuntu OpenVEX data and yields one advisory per document:
// one JSON document, or a tar archive of them (plain, gzip- or
// xz-compressed, as Canonical publishes vex-all.tar.xz;
// members not named *.json are skipped), told apart by content. An
// archive's advisories come in archive order, each with its member's path
// as Source.Record; a document read alone has its @id. A malformed document yields a *RecordError and parsing
// goes on; an error that stops parsing is yielded last. Parse checks
// ctx.Err() between documents. The package documentation says how a
// document maps to an advisory.
func Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		br := bufio.NewReader(r)
		head, _ := br.Peek(262)
		switch {
		case bytes.HasPrefix(head, []byte("\xfd7zXZ\x00")):
			xr, err := xz.NewReader(br)
			if err != nil {
				yield(nil, fmt.Errorf("ubuntu: xz: %w", err))
				return
			}
			parseTar(ctx, tar.NewReader(xr), yield)
		case bytes.HasPrefix(head, []byte("\x1f\x8b")):
			zr, err := gzip.NewReader(br)
			if err != nil {
				yield(nil, fmt.Errorf("ubuntu: gzip: %w", err))
				return
			}
			defer zr.Close()
			parseTar(ctx, tar.NewReader(zr), yield)
		case len(head) >= 262 && string(head[257:262]) == "ustar":
			parseTar(ctx, tar.NewReader(br), yield)
		default:
			data, err := readAll(br)
			if err != nil {
				yield(nil, fmt.Errorf("ubuntu: read: %w", err))
				return
			}
			yield(decode(data, ""))
		}
	}
}

// ParseFS yields the advisories of every *.json file under fsys (an
// unpacked vex-all archive, or a checkout of Canonical's
// ubuntu-security-notices vex/cve folder), in lexical path order, each
// with its path as Source.Record. Errors are as Parse's.
func ParseFS(ctx context.Context, fsys fs.FS) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || path.Ext(p) != ".json" {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			f, err := fsys.Open(p)
			if err != nil {
				return err
			}
			data, err := readAll(f)
			f.Close()
			var a *advisory.Advisory
			if err == nil {
				a, err = decode(data, p)
			} else {
				err = &RecordError{Record: p, Err: err}
			}
			if !yield(a, err) {
				return fs.SkipAll
			}
			return nil
		})
		if err != nil {
			yield(nil, fmt.Errorf("ubuntu: %w", err))
		}
	}
}

func parseTar(ctx context.Context, tr *tar.Reader, yield func(*advisory.Advisory, error) bool) {
	for {
		if err := ctx.Err(); err != nil {
			yield(nil, fmt.Errorf("ubuntu: %w", err))
			return
		}
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			yield(nil, fmt.Errorf("ubuntu: tar: %w", err))
			return
		}
		if h.Typeflag != tar.TypeReg || path.Ext(h.Name) != ".json" {
			continue
		}
		data, err := readAll(tr)
		var a *advisory.Advisory
		if err == nil {
			a, err = decode(data, h.Name)
		} else {
			err = &RecordError{Record: h.Name, Err: err}
		}
		if !yield(a, err) {
			return
		}
	}
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("over %d bytes", MaxDocument)
	}
	return data, nil
}

// decode maps one document named name ("" for its @id) to an advisory.
func decode(data []byte, name string) (*advisory.Advisory, error) {
	var doc govex.VEX
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, &RecordError{Record: cmpOr(name, "(unnamed)"), Err: err}
	}
	name = cmpOr(name, doc.ID, "(unnamed)")
	if !strings.HasPrefix(doc.Context, "https://openvex.dev/ns") {
		return nil, &RecordError{Record: name, Err: fmt.Errorf("@context %q is not OpenVEX", doc.Context)}
	}
	a := &advisory.Advisory{Source: advisory.Provenance{Feed: "ubuntu-vex", Record: name}}
	if doc.LastUpdated != nil {
		a.Modified = doc.LastUpdated.UTC()
	} else if doc.Timestamp != nil {
		a.Modified = doc.Timestamp.UTC()
	}
	type key struct {
		rel advisory.Release
		pkg string
	}
	var keys []key
	byKey := map[key][]advisory.Affected{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if err := addVulnerability(a, &st.Vulnerability); err != nil {
			return nil, &RecordError{Record: name, Err: fmt.Errorf("statements[%d]: %w", i, err)}
		}
		if st.Timestamp != nil && (a.Published.IsZero() || st.Timestamp.Before(a.Published)) {
			a.Published = st.Timestamp.UTC()
		}
		base, err := affectedOf(st)
		if err != nil {
			return nil, &RecordError{Record: name, Err: fmt.Errorf("statements[%d]: %w", i, err)}
		}
		for _, p := range sourcePackages(st.Products) {
			af := base
			af.Release = p.release
			af.Package = p.name
			if st.Status == govex.StatusFixed && p.version != "" {
				af.Status = advisory.StatusFixed
				af.Ranges = []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: p.version}}}}
			}
			k := key{p.release, p.name}
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			if !slices.ContainsFunc(byKey[k], func(b advisory.Affected) bool { return sameAffected(af, b) }) {
				byKey[k] = append(byKey[k], af)
			}
		}
	}
	if a.ID == "" {
		return nil, &RecordError{Record: name, Err: errors.New("no vulnerability name")}
	}
	slices.SortFunc(keys, func(x, y key) int {
		return cmpOrder(x.rel.Version, y.rel.Version, x.pkg, y.pkg)
	})
	for _, k := range keys {
		a.Affected = append(a.Affected, byKey[k]...)
	}
	slices.Sort(a.Aliases)
	a.Aliases = slices.Compact(a.Aliases)
	return a, nil
}

// addVulnerability takes the advisory's ID, details, aliases and
// references from a statement's vulnerability; every statement of a
// document names the same one.
func addVulnerability(a *advisory.Advisory, v *govex.Vulnerability) error {
	id := strings.TrimSpace(string(v.Name))
	switch {
	case id == "":
		return errors.New("vulnerability without a name")
	case a.ID == "":
		a.ID = id
		a.Details = v.Description
	case a.ID != id:
		return fmt.Errorf("vulnerability %q in a document about %q", id, a.ID)
	}
	for _, ref := range append([]string{v.ID}, aliasStrings(v.Aliases)...) {
		if ref == "" {
			continue
		}
		if alias := idOf(ref); alias != "" && alias != a.ID {
			a.Aliases = append(a.Aliases, alias)
		}
		if !slices.ContainsFunc(a.References, func(r advisory.Reference) bool { return r.URL == ref }) && strings.Contains(ref, "://") {
			a.References = append(a.References, advisory.Reference{URL: ref})
		}
	}
	return nil
}

func aliasStrings(ids []govex.VulnerabilityID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// idOf returns the vulnerability ID an alias names: itself when it is an
// ID, the last path element of an Ubuntu notice URL ("USN-6429-1"), the
// id parameter of a cve.org record URL; "" for any other URL.
func idOf(ref string) string {
	if !strings.Contains(ref, "://") {
		return strings.TrimSpace(ref)
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if id := u.Query().Get("id"); strings.HasPrefix(id, "CVE-") {
		return id
	}
	if strings.HasSuffix(u.Host, "ubuntu.com") && strings.Contains(u.Path, "/security/notices/") {
		return path.Base(u.Path)
	}
	return ""
}

// affectedOf maps a statement's status to an Affected without package:
//
//	not_affected         StatusNotAffected; Reason: the justification and the impact statement
//	affected             StatusAffected, every version, no fix; Reason: the action statement;
//	                     StatusWillNotFix when that says the Ubuntu Security Team decided
//	                     not to fix it, or that the release is no longer supported
//	fixed                StatusFixed from the product's version (added per package); with
//	                     no version, StatusAffected
//	under_investigation  StatusUnderInvestigation
func affectedOf(st *govex.Statement) (advisory.Affected, error) {
	af := advisory.Affected{Ecosystem: "deb"}
	switch st.Status {
	case govex.StatusNotAffected:
		af.Status = advisory.StatusNotAffected
		af.Reason = joinNonEmpty(": ", string(st.Justification), st.ImpactStatement)
	case govex.StatusAffected:
		af.Status = advisory.StatusAffected
		af.Reason = st.ActionStatement
		if strings.Contains(st.ActionStatement, "decided to not fix") || strings.Contains(st.ActionStatement, "no longer supported") {
			af.Status = advisory.StatusWillNotFix
		}
	case govex.StatusFixed:
		af.Status = advisory.StatusAffected
		af.Reason = st.StatusNotes
	case govex.StatusUnderInvestigation:
		af.Status = advisory.StatusUnderInvestigation
		af.Reason = st.StatusNotes
	default:
		return af, fmt.Errorf("unknown status %q", st.Status)
	}
	return af, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// pkgRelease is one source package of a statement in one release.
type pkgRelease struct {
	name, version string
	release       advisory.Release
}

// sourcePackages returns the packages a statement's products name, once
// each, in product order: the source packages (arch=source), or, when a
// release has none, the binary packages.
func sourcePackages(products []govex.Product) []pkgRelease {
	var src, bin []pkgRelease
	srcRel := map[advisory.Release]bool{}
	for _, p := range products {
		id := p.ID
		if id == "" {
			id = p.Identifiers[govex.PURL]
		}
		name, ver, q, ok := parseDebPURL(id)
		if !ok {
			continue
		}
		pr := pkgRelease{name: name, version: ver, release: releaseOf(q["distro"])}
		if q["arch"] == "source" {
			srcRel[pr.release] = true
			if !slices.Contains(src, pr) {
				src = append(src, pr)
			}
		} else if !slices.Contains(bin, pr) {
			bin = append(bin, pr)
		}
	}
	for _, b := range bin {
		if !srcRel[b.release] {
			src = append(src, b)
		}
	}
	return src
}

// parseDebPURL parses "pkg:deb/ubuntu/name@version?k=v&..." (percent
// decoded); ok is false for any other PURL.
func parseDebPURL(s string) (name, ver string, q map[string]string, ok bool) {
	rest, ok := strings.CutPrefix(s, "pkg:deb/ubuntu/")
	if !ok {
		return "", "", nil, false
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	rest, ver, _ = strings.Cut(rest, "@")
	var err error
	if name, err = url.PathUnescape(rest); err != nil || name == "" {
		return "", "", nil, false
	}
	if ver, err = url.PathUnescape(ver); err != nil {
		return "", "", nil, false
	}
	q = map[string]string{}
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if v, err := url.PathUnescape(v); err == nil && k != "" {
			q[strings.ToLower(k)] = v
		}
	}
	return name, ver, q, true
}

// codenames maps Ubuntu release codenames to their VERSION_ID.
var codenames = map[string]string{
	"warty": "4.10", "hoary": "5.04", "breezy": "5.10", "dapper": "6.06", "edgy": "6.10",
	"feisty": "7.04", "gutsy": "7.10", "hardy": "8.04", "intrepid": "8.10", "jaunty": "9.04",
	"karmic": "9.10", "lucid": "10.04", "maverick": "10.10", "natty": "11.04", "oneiric": "11.10",
	"precise": "12.04", "quantal": "12.10", "raring": "13.04", "saucy": "13.10", "trusty": "14.04",
	"utopic": "14.10", "vivid": "15.04", "wily": "15.10", "xenial": "16.04", "yakkety": "16.10",
	"zesty": "17.04", "artful": "17.10", "bionic": "18.04", "cosmic": "18.10", "disco": "19.04",
	"eoan": "19.10", "focal": "20.04", "groovy": "20.10", "hirsute": "21.04", "impish": "21.10",
	"jammy": "22.04", "kinetic": "22.10", "lunar": "23.04", "mantic": "23.10", "noble": "24.04",
	"oracular": "24.10", "plucky": "25.04", "questing": "25.10", "resolute": "26.04",
}

// releaseOf maps a PURL distro qualifier ("jammy", "esm-infra/xenial",
// "esm-apps/focal") to the Release: the codename's VERSION_ID, whatever
// the channel (as advisory/osv maps Ubuntu:Pro:16.04:LTS to ubuntu/16.04);
// an unknown codename stays as written.
func releaseOf(distro string) advisory.Release {
	c := strings.ToLower(distro)
	if i := strings.LastIndex(c, "/"); i >= 0 {
		c = c[i+1:]
	}
	if v, ok := codenames[c]; ok {
		return advisory.ReleaseOf("ubuntu", v)
	}
	return advisory.Release{Distro: "ubuntu", Version: c}
}

func sameAffected(a, b advisory.Affected) bool {
	return a.Status == b.Status && a.Reason == b.Reason && slices.EqualFunc(a.Ranges, b.Ranges, func(x, y version.Range) bool {
		return x.Type == y.Type && slices.Equal(x.Events, y.Events)
	})
}

// cmpOrder orders releases by version number, then packages by name.
func cmpOrder(va, vb, pa, pb string) int {
	if c := compareRelease(va, vb); c != 0 {
		return c
	}
	return strings.Compare(pa, pb)
}

func compareRelease(a, b string) int {
	if c, err := version.Compare(version.Generic, a, b); err == nil && c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func cmpOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
