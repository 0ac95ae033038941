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
	"slices"
	"strconv"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// issue is one issue of one source package in the export.
type issue struct {
	Description string          `json:"description"`
	DebianBug   json.Number     `json:"debianbug"`
	Releases    json.RawMessage `json:"releases"`
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

// parseTracker yields the advisories of the tracker's JSON export,
// reading it token by token: {package: {issue: {...}}}.
func parseTracker(ctx context.Context, r io.Reader, rs *releases, log *slog.Logger) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		dec := json.NewDecoder(r)
		dec.UseNumber()
		fail := func(err error) { yield(nil, fmt.Errorf("debian: tracker: %w", err)) }
		if err := expectDelim(dec, '{'); err != nil {
			fail(err)
			return
		}
		for dec.More() {
			pkg, err := key(dec)
			if err != nil {
				fail(err)
				return
			}
			if err := expectDelim(dec, '{'); err != nil {
				fail(fmt.Errorf("package %s: %w", pkg, err))
				return
			}
			for dec.More() {
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				id, err := key(dec)
				if err != nil {
					fail(fmt.Errorf("package %s: %w", pkg, err))
					return
				}
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					fail(fmt.Errorf("%s/%s: %w", pkg, id, err))
					return
				}
				if !convertIssue(pkg, id, raw, rs, yield) {
					return
				}
			}
			if err := expectDelim(dec, '}'); err != nil {
				fail(fmt.Errorf("package %s: %w", pkg, err))
				return
			}
		}
		if err := expectDelim(dec, '}'); err != nil {
			fail(err)
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			fail(fmt.Errorf("data after the export"))
			return
		}
		rs.report(ctx, log, "debian")
	}
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

// convertIssue yields the advisory of issue id of package pkg, and the
// errors of its releases. An issue with no release yields nothing. It
// reports whether to go on.
func convertIssue(pkg, id string, raw json.RawMessage, rs *releases, yield func(*advisory.Advisory, error) bool) bool {
	name := pkg + "/" + id
	var is issue
	if err := json.Unmarshal(raw, &is); err != nil {
		return yield(nil, &RecordError{Record: name, Err: err})
	}
	if id == "" || pkg == "" {
		return yield(nil, &RecordError{Record: name, Err: errors.New("no package or issue ID")})
	}
	rels, err := releasesOf(is.Releases)
	if err != nil {
		return yield(nil, &RecordError{Record: name, Err: err})
	}
	a := &advisory.Advisory{
		ID:         id,
		Details:    is.Description,
		References: references(id, is.DebianBug),
		Source:     advisory.Provenance{Feed: "debian", Record: name},
	}
	for _, codename := range slices.Sorted(maps.Keys(rels)) {
		rel, ok := rs.of(codename)
		if !ok {
			continue
		}
		af, err := affected(pkg, rel, rels[codename])
		if err != nil {
			if !yield(nil, &RecordError{Record: name + "/" + codename, Err: err}) {
				return false
			}
			continue
		}
		a.Affected = append(a.Affected, af)
	}
	if len(a.Affected) == 0 {
		return true
	}
	slices.SortStableFunc(a.Affected, func(x, y advisory.Affected) int { return strings.Compare(rank(x.Release), rank(y.Release)) })
	return yield(a, nil)
}

// releasesOf reads an issue's releases: an object by codename; an empty
// array (the export writes one for an issue of a package in no release)
// or null is none.
func releasesOf(raw json.RawMessage) (map[string]inRelease, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil || len(list) > 0 {
			return nil, errors.New("releases is a non-empty array")
		}
		return nil, nil
	}
	var m map[string]inRelease
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("releases: %w", err)
	}
	return m, nil
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

// references returns the tracker's page of an issue and its Debian bug.
func references(id string, bug json.Number) []advisory.Reference {
	refs := []advisory.Reference{{Type: "ADVISORY", URL: "https://security-tracker.debian.org/tracker/" + id}}
	if n, err := strconv.ParseUint(string(bug), 10, 64); err == nil && n > 0 {
		refs = append(refs, advisory.Reference{Type: "REPORT", URL: "https://bugs.debian.org/" + strconv.FormatUint(n, 10)})
	}
	return refs
}
