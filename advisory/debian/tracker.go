package debian

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// issue is one issue of one source package in the export.
type issue struct {
	Description string      `json:"description"`
	DebianBug   json.Number `json:"debianbug"`
	Releases    releaseMap  `json:"releases"`
}

// releaseMap is an issue's releases: an object by codename; an empty
// array (the export writes one for an issue of a package in no release)
// or null is none.
type releaseMap map[string]inRelease

var errReleases = errors.New("releases is a non-empty array")

func (m *releaseMap) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		if len(bytes.TrimSpace(b[1:len(b)-1])) > 0 {
			return errReleases
		}
		*m = nil
		return nil
	}
	return json.Unmarshal(b, (*map[string]inRelease)(m))
}

// inRelease is what the export says of an issue in one release.
type inRelease struct {
	Status       string `json:"status"`
	FixedVersion string `json:"fixed_version"`
	Urgency      string `json:"urgency"`
	NoDSA        string `json:"nodsa"`
	NoDSAReason  string `json:"nodsa_reason"`
}

// The Reasons the tracker's advisories give.
const (
	reasonNeverAffected = "fixed_version 0: never affected"
	reasonEndOfLife     = "end-of-life"
)

// span locates one issue of one package in the export: the bytes of its
// value, from just after its key (so ": {...}").
type span struct {
	pkg int32 // index in index.pkgs
	n   int32
	off int64 // from the start of the export
}

// index is what the first pass over the export keeps: where each issue
// is, by ID. It holds no issue's data.
type index struct {
	pkgs  []string
	spans map[string][]span
}

// parseTracker yields the advisories of the tracker's JSON export
// ({package: {issue: {...}}}), one per issue, in ID order. A first pass
// reads the export token by token and notes where each issue is in each
// package; a second reads the issues by ID, one at a time, at random:
// from r itself when it is an io.ReaderAt and io.Seeker (an *os.File, a
// fetch.File), else from a temporary copy made during the first pass.
func parseTracker(ctx context.Context, r io.Reader, rs *releases, log *slog.Logger) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		fail := func(err error) { yield(nil, fmt.Errorf("debian: tracker: %w", err)) }
		src, at, base, cleanup, err := randomAccess(r)
		if err != nil {
			fail(err)
			return
		}
		defer cleanup()
		idx, err := indexExport(ctx, src)
		if err != nil {
			fail(err)
			return
		}
		var buf []byte
		for _, id := range slices.Sorted(maps.Keys(idx.spans)) {
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			a, more, err := readIssue(id, idx, at, base, &buf, rs, yield)
			switch {
			case err != nil:
				fail(err)
				return
			case !more:
				return
			case a != nil && !yield(a, nil):
				return
			}
		}
		rs.report(ctx, log, "debian")
	}
}

// randomAccess returns what to read the export from in sequence, what
// to read it from at random, and the offset where it starts there: r
// itself when it can be read at random, else a temporary file that
// reading src fills. cleanup removes the file.
func randomAccess(r io.Reader) (src io.Reader, at io.ReaderAt, base int64, cleanup func(), err error) {
	if ra, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		if base, err := ra.Seek(0, io.SeekCurrent); err == nil {
			return r, ra, base, func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "loadline-debian-*")
	if err != nil {
		return nil, nil, 0, nil, err
	}
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	return io.TeeReader(r, tmp), tmp, 0, cleanup, nil
}

// indexExport reads the export through and notes where each issue is.
// A syntax error fails it; an issue that is valid JSON of the wrong
// shape is noted, and readIssue reports it.
func indexExport(ctx context.Context, r io.Reader) (*index, error) {
	dec := json.NewDecoder(r)
	idx := &index{spans: map[string][]span{}}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		pkg, err := key(dec)
		if err != nil {
			return nil, err
		}
		if err := expectDelim(dec, '{'); err != nil {
			return nil, fmt.Errorf("package %s: %w", pkg, err)
		}
		p := int32(len(idx.pkgs))
		idx.pkgs = append(idx.pkgs, pkg)
		for dec.More() {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			id, err := key(dec)
			if err != nil {
				return nil, fmt.Errorf("package %s: %w", pkg, err)
			}
			start := dec.InputOffset()
			var skip struct{}
			if err := dec.Decode(&skip); err != nil {
				var te *json.UnmarshalTypeError
				if !errors.As(err, &te) { // the value was read all the same
					return nil, fmt.Errorf("%s/%s: %w", pkg, id, err)
				}
			}
			n := dec.InputOffset() - start
			if n > math.MaxInt32 {
				return nil, fmt.Errorf("%s/%s: issue of %d bytes", pkg, id, n)
			}
			idx.spans[id] = append(idx.spans[id], span{pkg: p, n: int32(n), off: start})
		}
		if err := expectDelim(dec, '}'); err != nil {
			return nil, fmt.Errorf("package %s: %w", pkg, err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the export")
	}
	return idx, nil
}

// expectDelim reads the next token and fails unless it is d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if tok != d {
		return fmt.Errorf("offset %d: got %v, want %v", dec.InputOffset(), tok, d)
	}
	return nil
}

// key reads an object key.
func key(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("offset %d: got %v, want a key", dec.InputOffset(), tok)
	}
	return s, nil
}

// readIssue reads issue id in each of its packages, in package order,
// yielding a *RecordError for each package or release in error, and
// returns its advisory, or nil when no release of it is known, and
// whether to go on (false when yield said stop). buf is reused between
// calls. An error means the export could not be read.
func readIssue(id string, idx *index, at io.ReaderAt, base int64, buf *[]byte, rs *releases, yield func(*advisory.Advisory, error) bool) (*advisory.Advisory, bool, error) {
	spans := slices.SortedStableFunc(slices.Values(idx.spans[id]), func(x, y span) int {
		return strings.Compare(idx.pkgs[x.pkg], idx.pkgs[y.pkg])
	})
	a := &advisory.Advisory{
		ID:         id,
		References: []advisory.Reference{{Type: "ADVISORY", URL: "https://security-tracker.debian.org/tracker/" + id}},
		Source:     advisory.Provenance{Feed: "debian", Record: id},
	}
	for _, sp := range spans {
		pkg := idx.pkgs[sp.pkg]
		name := pkg + "/" + id
		if cap(*buf) < int(sp.n) {
			*buf = make([]byte, sp.n)
		}
		b := (*buf)[:sp.n]
		if n, err := at.ReadAt(b, base+sp.off); n < len(b) {
			return nil, false, fmt.Errorf("read %s: %w", name, cmp.Or(err, io.ErrUnexpectedEOF))
		}
		var is issue
		err := json.Unmarshal(bytes.TrimLeft(b, " \t\r\n:"), &is)
		if err == nil && (id == "" || pkg == "") {
			err = errors.New("no package or issue ID")
		}
		if err != nil {
			if !yield(nil, &RecordError{Record: name, Err: err}) {
				return nil, false, nil
			}
			continue
		}
		a.Details = cmp.Or(a.Details, is.Description)
		if bug := bugReference(is.DebianBug); bug != nil && !slices.Contains(a.References, *bug) {
			a.References = append(a.References, *bug)
		}
		var affs []advisory.Affected
		for _, codename := range slices.Sorted(maps.Keys(is.Releases)) {
			rel, ok := rs.of(codename)
			if !ok {
				continue
			}
			af, err := affected(pkg, rel, is.Releases[codename])
			if err != nil {
				if !yield(nil, &RecordError{Record: name + "/" + codename, Err: err}) {
					return nil, false, nil
				}
				continue
			}
			affs = append(affs, af)
		}
		slices.SortStableFunc(affs, func(x, y advisory.Affected) int { return strings.Compare(rank(x.Release), rank(y.Release)) })
		a.Affected = append(a.Affected, affs...)
	}
	if len(a.Affected) == 0 {
		return nil, true, nil
	}
	return a, true, nil
}

// affected returns what the export says of package pkg in one release.
func affected(pkg string, rel advisory.Release, in inRelease) (advisory.Affected, error) {
	af := advisory.Affected{
		Ecosystem: version.Deb, Release: rel, Package: pkg,
		Severity: strings.TrimSuffix(in.Urgency, "**"),
		Reason:   noDSA(in.NoDSA, in.NoDSAReason),
	}
	switch in.Status {
	case "resolved":
		switch in.FixedVersion {
		case "":
			return af, errors.New("resolved with no fixed_version")
		case "0":
			af.Status, af.Reason = advisory.StatusNotAffected, reasonNeverAffected
		default:
			af.Status, af.Ranges = advisory.StatusAffected, fixedIn(in.FixedVersion)
		}
	case "open":
		af.Status = advisory.StatusAffected
		switch {
		case in.NoDSAReason == "ignored":
			af.Status = advisory.StatusWillNotFix
		case in.Urgency == reasonEndOfLife:
			af.Status = advisory.StatusWillNotFix
			af.Reason = strings.TrimSuffix(reasonEndOfLife+"; "+af.Reason, "; ")
		}
	case "undetermined":
		af.Status = advisory.StatusUnderInvestigation
	default:
		return af, fmt.Errorf("unknown status %q", in.Status)
	}
	return af, nil
}

// noDSA returns the Reason a no-dsa note gives: "<kind>: <text>", kind
// being the nodsa_reason ("ignored", "postponed") or "no-dsa".
func noDSA(text, reason string) string {
	if text == "" && reason == "" {
		return ""
	}
	return strings.TrimSuffix(cmp.Or(reason, "no-dsa")+": "+text, ": ")
}

// fixedIn returns the ranges of a fix in v.
func fixedIn(v string) []version.Range {
	return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
}

// bugReference returns the reference of a Debian bug number, or nil.
func bugReference(bug json.Number) *advisory.Reference {
	n, err := strconv.ParseUint(string(bug), 10, 64)
	if err != nil || n == 0 {
		return nil
	}
	return &advisory.Reference{Type: "REPORT", URL: "https://bugs.debian.org/" + strconv.FormatUint(n, 10)}
}
