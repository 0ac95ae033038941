package oval

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/bzip2"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/cvss"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/version"
)

// DefaultBaseURL is where Red Hat publishes its OVAL v2 files:
// <DefaultBaseURL>RHEL<major>/rhel-<major>-including-unpatched.oval.xml.bz2.
const DefaultBaseURL = "https://security.access.redhat.com/data/oval/v2/"

// ErrNoRelease is returned by Feed.Fetch when the feed has neither a
// Major nor a URL.
var ErrNoRelease = errors.New("oval: no RHEL release or URL set")

// RecordError is a definition that could not be read or a problem in
// one; the parse goes on.
type RecordError struct {
	Record string // the definition's ID
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("oval: record %s: %v", e.Record, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// Feed is one Red Hat OVAL file. Its zero value is not useful: set Major
// (the RHEL major version, "8") or URL. It is safe for concurrent use if
// its fields are not changed. Besides advisory.Feed, it has FetchWith,
// which fetches with the caller's fetch.Client (as advisory/update's
// ClientFetcher asks).
type Feed struct {
	// Major selects the release's base file under DefaultBaseURL.
	Major string
	// URL overrides the file's address (another product stream's file).
	URL string
}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "redhat-oval-rhel" and the major version, or
// "redhat-oval" for a feed set by URL alone.
func (f *Feed) Name() string {
	if f.Major != "" {
		return "redhat-oval-rhel" + f.Major
	}
	return "redhat-oval"
}

// Location returns the file's address, "" when neither Major nor URL is
// set.
func (f *Feed) Location() string {
	switch {
	case f.URL != "":
		return f.URL
	case f.Major != "":
		return DefaultBaseURL + "RHEL" + f.Major + "/rhel-" + f.Major + "-including-unpatched.oval.xml.bz2"
	}
	return ""
}

// Fetch fetches with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the file with c (nil means a zero fetch.Client) and
// prev's validators as conditional headers (see fetch.Client.Get):
// advisory.ErrNotModified when it is unchanged, ErrNoRelease when the
// feed has neither Major nor URL.
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	u := f.Location()
	if u == "" {
		return nil, "", ErrNoRelease
	}
	return fetch.Feed(ctx, c, "oval", u, prev)
}

// Parse reads r as Parse (the package function) does.
func (f *Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return Parse(ctx, r)
}

// Parse reads an OVAL definitions file, bzip2-compressed or not (told
// apart by its first bytes), and yields one advisory per definition, in
// the file's order, each with the definition's ID as Source.Record. A
// definition that cannot be read, or a problem in one (a CVSS vector
// that does not parse), yields a *RecordError and parsing goes on; an
// error that stops parsing (malformed XML, a corrupt stream) is yielded
// last, and then no advisory has been yielded, since definitions are
// resolved once the whole file is read. Parse checks ctx.Err() between
// elements.
func Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		br := bufio.NewReader(r)
		var in io.Reader = br
		if head, _ := br.Peek(3); bytes.Equal(head, []byte("BZh")) {
			in = bzip2.NewReader(br)
		}
		f, errs, err := read(ctx, in)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, e := range errs {
			if !yield(nil, e) {
				return
			}
		}
		for _, d := range f.defs {
			if err := ctx.Err(); err != nil {
				yield(nil, fmt.Errorf("oval: %w", err))
				return
			}
			a, problems := f.convert(d)
			if a != nil && !yield(a, nil) {
				return
			}
			for _, p := range problems {
				if !yield(nil, &RecordError{Record: d.ID, Err: p}) {
					return
				}
			}
		}
	}
}

// The XML forms read.
type (
	xmlDefinition struct {
		ID       string      `xml:"id,attr"`
		Class    string      `xml:"class,attr"`
		Metadata xmlMetadata `xml:"metadata"`
		Criteria xmlCriteria `xml:"criteria"`
	}
	xmlMetadata struct {
		Title       string `xml:"title"`
		Description string `xml:"description"`
		References  []struct {
			ID     string `xml:"ref_id,attr"`
			URL    string `xml:"ref_url,attr"`
			Source string `xml:"source,attr"`
		} `xml:"reference"`
		Advisory struct {
			Severity string `xml:"severity"`
			Issued   struct {
				Date string `xml:"date,attr"`
			} `xml:"issued"`
			Updated struct {
				Date string `xml:"date,attr"`
			} `xml:"updated"`
			CVEs []struct {
				ID     string `xml:",chardata"`
				CVSS3  string `xml:"cvss3,attr"`
				CVSS2  string `xml:"cvss2,attr"`
				CWE    string `xml:"cwe,attr"`
				Href   string `xml:"href,attr"`
				Public string `xml:"public,attr"`
			} `xml:"cve"`
			Bugzillas []struct {
				Href string `xml:"href,attr"`
			} `xml:"bugzilla"`
			Resolutions []struct {
				State      string   `xml:"state,attr"`
				Components []string `xml:"component"`
			} `xml:"affected>resolution"`
		} `xml:"advisory"`
	}
	xmlCriteria struct {
		Operator  string        `xml:"operator,attr"`
		Criteria  []xmlCriteria `xml:"criteria"`
		Criterion []struct {
			Comment string `xml:"comment,attr"`
			TestRef string `xml:"test_ref,attr"`
		} `xml:"criterion"`
	}
	xmlTest struct {
		ID             string `xml:"id,attr"`
		CheckExistence string `xml:"check_existence,attr"`
		Object         struct {
			Ref string `xml:"object_ref,attr"`
		} `xml:"object"`
		State struct {
			Ref string `xml:"state_ref,attr"`
		} `xml:"state"`
	}
	xmlObject struct {
		ID   string `xml:"id,attr"`
		Name string `xml:"name"`
	}
	xmlState struct {
		ID  string `xml:"id,attr"`
		EVR struct {
			Operation string `xml:"operation,attr"`
			Value     string `xml:",chardata"`
		} `xml:"evr"`
	}
)

// def is a definition as kept until the file's tests are read.
type def struct {
	ID    string
	Class string
	meta  xmlMetadata
	items []item
}

// item is a package test of a definition's criteria, with what the
// enclosing criteria require.
type item struct {
	test    string
	release string // the RHEL major
	module  string
}

// test is an rpminfo test resolved to its package.
type test struct {
	object, state string
	notInstalled  bool
}

// file is an OVAL file as read.
type file struct {
	defs    []*def
	tests   map[string]test
	objects map[string]string // object ID -> package name
	states  map[string]string // state ID -> EVR of a "less than" state
}

// read decodes the file element by element.
func read(ctx context.Context, r io.Reader) (*file, []error, error) {
	f := &file{tests: map[string]test{}, objects: map[string]string{}, states: map[string]string{}}
	var errs []error
	dec := xml.NewDecoder(r)
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("oval: %w", err)
			}
		}
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("oval: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "definition":
			var x xmlDefinition
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, nil, fmt.Errorf("oval: definition: %w", err)
			}
			if x.ID == "" {
				errs = append(errs, &RecordError{Record: fmt.Sprintf("definitions[%d]", len(f.defs)), Err: errors.New("no id")})
				continue
			}
			d := &def{ID: x.ID, Class: x.Class, meta: x.Metadata}
			flatten(&x.Criteria, item{}, &d.items, 0)
			f.defs = append(f.defs, d)
		case "rpminfo_test":
			var x xmlTest
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, nil, fmt.Errorf("oval: test: %w", err)
			}
			f.tests[x.ID] = test{object: x.Object.Ref, state: x.State.Ref, notInstalled: x.CheckExistence == "none_exist"}
		case "rpminfo_object":
			var x xmlObject
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, nil, fmt.Errorf("oval: object: %w", err)
			}
			f.objects[x.ID] = strings.TrimSpace(x.Name)
		case "rpminfo_state":
			var x xmlState
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, nil, fmt.Errorf("oval: state: %w", err)
			}
			if x.EVR.Operation == "less than" {
				f.states[x.ID] = strings.TrimSpace(x.EVR.Value)
			}
		}
	}
	return f, errs, nil
}

var (
	rhelInstalled = regexp.MustCompile(`^Red Hat Enterprise Linux (\d+) is installed$`)
	moduleEnabled = regexp.MustCompile(`^Module (\S+) is enabled$`)
)

// flatten collects the package tests of c, each with the release and
// module its enclosing criteria require.
func flatten(c *xmlCriteria, ctx item, out *[]item, depth int) {
	if depth > 64 {
		return
	}
	for _, cr := range c.Criterion {
		if m := rhelInstalled.FindStringSubmatch(cr.Comment); m != nil {
			ctx.release = m[1]
		} else if m := moduleEnabled.FindStringSubmatch(cr.Comment); m != nil {
			ctx.module = m[1]
		}
	}
	for _, cr := range c.Criterion {
		if cr.TestRef != "" && !rhelInstalled.MatchString(cr.Comment) && !moduleEnabled.MatchString(cr.Comment) {
			it := ctx
			it.test = cr.TestRef
			*out = append(*out, it)
		}
	}
	for i := range c.Criteria {
		flatten(&c.Criteria[i], ctx, out, depth+1)
	}
}

// rating returns Red Hat's rating in its canonical case, or "".
func rating(s string) string {
	for _, r := range []string{"Low", "Moderate", "Important", "Critical"} {
		if strings.EqualFold(strings.TrimSpace(s), r) {
			return r
		}
	}
	return ""
}

var cweID = regexp.MustCompile(`CWE-[0-9]+`)

// convert builds a definition's advisory, or nil for a definition that
// names no vulnerability or erratum.
func (f *file) convert(d *def) (*advisory.Advisory, []error) {
	m := &d.meta
	a := &advisory.Advisory{
		Summary: strings.TrimSpace(m.Title),
		Details: strings.TrimSpace(m.Description),
		Source:  advisory.Provenance{Feed: "redhat-oval", Record: d.ID},
	}
	var errs []error
	var cves []string
	unaffected := strings.HasPrefix(d.ID, "oval:com.redhat.unaffected:")
	for _, ref := range m.References {
		switch {
		case ref.Source == "CVE":
			cves = append(cves, ref.ID)
		case d.Class == "patch" && a.ID == "":
			a.ID = ref.ID
		}
		if ref.URL != "" {
			a.References = append(a.References, advisory.Reference{Type: "ADVISORY", URL: ref.URL})
		}
	}
	for _, b := range m.Advisory.Bugzillas {
		if b.Href != "" {
			a.References = append(a.References, advisory.Reference{Type: "REPORT", URL: b.Href})
		}
	}
	if d.Class == "patch" {
		if len(cves) == 1 {
			a.Aliases = cves
		} else {
			a.Related = compact(cves)
		}
	} else if len(cves) > 0 {
		a.ID, a.Related = cves[0], compact(cves[1:])
	}
	if a.ID == "" {
		return nil, []error{errors.New("no RHSA or CVE reference")}
	}
	sev := rating(m.Advisory.Severity)
	if sev != "" {
		a.Severities = append(a.Severities, advisory.Severity{Rating: sev, Source: "redhat"})
	}
	for _, c := range m.Advisory.CVEs {
		for _, v := range []struct{ typ, s string }{{"CVSS_V3", c.CVSS3}, {"CVSS_V2", c.CVSS2}} {
			// "7.5/CVSS:3.1/AV:N/..." or "5.0/AV:N/..."
			_, vector, ok := strings.Cut(v.s, "/")
			if !ok || slices.ContainsFunc(a.Severities, func(s advisory.Severity) bool { return s.Vector == vector }) {
				continue
			}
			s := advisory.Severity{Type: v.typ, Vector: vector, Source: "redhat"}
			if p, err := cvss.Parse(vector); err != nil {
				errs = append(errs, err)
			} else {
				s.Score = p.BaseScore()
				s.Rating = cvss.Rating(p.Version(), s.Score)
			}
			a.Severities = append(a.Severities, s)
		}
		a.CWEs = append(a.CWEs, cweID.FindAllString(c.CWE, -1)...)
		if t, err := time.Parse("20060102", c.Public); err == nil && (a.Published.IsZero() || t.Before(a.Published)) && d.Class != "patch" {
			a.Published = t
		}
	}
	a.CWEs = compact(a.CWEs)
	if t, err := time.Parse(time.DateOnly, m.Advisory.Issued.Date); err == nil {
		a.Published = t
	}
	if t, err := time.Parse(time.DateOnly, m.Advisory.Updated.Date); err == nil {
		a.Modified = t
	}
	resolution := map[string]string{}
	for _, r := range m.Advisory.Resolutions {
		for _, c := range r.Components {
			resolution[strings.TrimSpace(c)] = r.State
		}
	}
	a.Affected = f.affected(d, sev, unaffected, resolution)
	return a, errs
}

// affected returns a definition's entries, one per release, package,
// module and status, the fixed versions of one package gathered.
func (f *file) affected(d *def, sev string, unaffected bool, resolution map[string]string) []advisory.Affected {
	type key struct {
		release, name, module string
		status                advisory.Status
		reason                string
	}
	fixes := map[key][]string{}
	var order []key
	add := func(k key, fix string) {
		if _, ok := fixes[k]; !ok {
			order = append(order, k)
			fixes[k] = nil
		}
		if fix != "" && !slices.Contains(fixes[k], fix) {
			fixes[k] = append(fixes[k], fix)
		}
	}
	fixedNames := map[string]bool{}
	for _, it := range d.items {
		t, ok := f.tests[it.test]
		name := f.objects[t.object]
		if !ok || name == "" || it.release == "" || t.notInstalled {
			continue
		}
		evr := strings.TrimPrefix(f.states[t.state], "0:")
		k := key{release: it.release, name: name, module: it.module, status: advisory.StatusAffected}
		switch {
		case evr != "":
			fixedNames[it.release+"/"+name+"/"+it.module] = true
		case unaffected:
			k.status = advisory.StatusNotAffected
		case d.Class == "patch":
			continue // the "signed with Red Hat's key" half of a fixed test
		default:
			k.status, k.reason = resolve(resolution[name])
		}
		add(k, evr)
	}
	var out []advisory.Affected
	for _, k := range order {
		if len(fixes[k]) == 0 && k.status == advisory.StatusAffected && fixedNames[k.release+"/"+k.name+"/"+k.module] {
			continue // a package with a fix is not also unfixed
		}
		a := advisory.Affected{
			Ecosystem: "rpm",
			Release:   advisory.ReleaseOf("rhel", k.release),
			Package:   k.name,
			Module:    k.module,
			Status:    k.status,
			Severity:  sev,
			Reason:    k.reason,
		}
		slices.Sort(fixes[k])
		for _, fix := range fixes[k] {
			a.Ranges = append(a.Ranges, version.Range{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: fix}}})
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y advisory.Affected) int {
		return cmp.Or(strings.Compare(x.Release.Version, y.Release.Version), strings.Compare(x.Package, y.Package),
			strings.Compare(x.Module, y.Module), strings.Compare(string(x.Status), string(y.Status)))
	})
	return out
}

// resolve maps an unpatched package's resolution to a status and reason.
func resolve(state string) (advisory.Status, string) {
	switch strings.ToLower(state) {
	case "will not fix", "out of support scope":
		return advisory.StatusWillNotFix, state
	case "under investigation":
		return advisory.StatusUnderInvestigation, state
	}
	return advisory.StatusAffected, state
}

func compact(ids []string) []string {
	ids = slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == "" })
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	return ids
}
