package debian

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// MaxLine is the longest line a list may hold.
const MaxLine = 1 << 20

var (
	// header: "[11 Jul 2019] DSA-4480-1 redis - security update".
	header = regexp.MustCompile(`^\[(\d{1,2} [A-Za-z]{3} \d{4})\] ([A-Z]+-\d+(?:-\d+)?)(?:\s+(.*))?$`)
	// fixLine: "[buster] - redis 5:5.0.3-4+deb10u1", with an optional
	// "<not-affected>"-style tag for the version and a note in
	// parentheses.
	fixLine = regexp.MustCompile(`^\[([a-z][a-z0-9-]*)\] - (\S+)(?:\s+(<[a-z-]+>|[^\s(]+))?(?:\s+\((.*)\))?$`)
)

// urgencies are the words of a list line's note that rate the fix.
var urgencies = []string{"unimportant", "low", "medium", "high", "critical"}

// entry is one list entry being read.
type entry struct{ a *advisory.Advisory }

// parseList yields the advisories of a DSA or DLA list.
func parseList(ctx context.Context, r io.Reader, feed string, rs *releases, log *slog.Logger) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
		var cur *entry // nil while skipping a malformed entry's lines
		skipping := false
		flush := func() bool {
			e := cur
			cur = nil
			if e == nil || len(e.a.Affected) == 0 {
				return true // an announcement with no package line ("jessie end-of-life")
			}
			a := e.a
			a.Aliases = slices.Compact(slices.Sorted(slices.Values(slices.DeleteFunc(a.Aliases, func(s string) bool { return s == a.ID }))))
			if len(a.Aliases) == 0 {
				a.Aliases = nil
			}
			return yield(a, nil)
		}
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			text := strings.TrimSpace(line)
			if text == "" {
				continue
			}
			if strings.HasPrefix(line, "[") { // a header starts in column 0
				if err := ctx.Err(); err != nil {
					yield(nil, fmt.Errorf("debian: list: %w", err))
					return
				}
				if !flush() {
					return
				}
				e, err := parseHeader(text, feed)
				if err != nil {
					skipping = true
					if !yield(nil, &RecordError{Record: fmt.Sprintf("line %d", n), Err: err}) {
						return
					}
					continue
				}
				cur, skipping = &entry{a: e}, false
				continue
			}
			if skipping {
				continue
			}
			if cur == nil {
				if !yield(nil, &RecordError{Record: fmt.Sprintf("line %d", n), Err: fmt.Errorf("%q before any entry", text)}) {
					return
				}
				continue
			}
			if err := cur.add(text, rs); err != nil {
				if !yield(nil, &RecordError{Record: fmt.Sprintf("line %d: %s", n, cur.a.ID), Err: err}) {
					return
				}
			}
		}
		if err := sc.Err(); err != nil {
			yield(nil, fmt.Errorf("debian: list: %w", err))
			return
		}
		if flush() {
			rs.report(ctx, log, feed)
		}
	}
}

// parseHeader reads an entry's first line.
func parseHeader(text, feed string) (*advisory.Advisory, error) {
	m := header.FindStringSubmatch(text)
	if m == nil {
		return nil, fmt.Errorf("malformed header %q", text)
	}
	day, err := time.Parse("2 Jan 2006", m[1])
	if err != nil {
		return nil, fmt.Errorf("header %q: %w", text, err)
	}
	return &advisory.Advisory{
		ID:         m[2],
		Summary:    strings.Join(strings.Fields(m[3]), " "),
		Published:  day,
		References: []advisory.Reference{{Type: "ADVISORY", URL: "https://security-tracker.debian.org/tracker/" + m[2]}},
		Source:     advisory.Provenance{Feed: feed, Record: m[2]},
	}, nil
}

// add reads one line of e's body: "{CVE-...}", "[release] - package
// version", or "NOTE: ...".
func (e *entry) add(text string, rs *releases) error {
	switch {
	case strings.HasPrefix(text, "{"):
		if !strings.HasSuffix(text, "}") {
			return fmt.Errorf("unclosed ID list %q", text)
		}
		e.a.Aliases = append(e.a.Aliases, strings.Fields(text[1:len(text)-1])...)
		return nil
	case strings.HasPrefix(text, "NOTE:"):
		return nil
	case strings.HasPrefix(text, "["):
		m := fixLine.FindStringSubmatch(text)
		if m == nil {
			return fmt.Errorf("malformed line %q", text)
		}
		rel, ok := rs.of(m[1])
		if !ok {
			return nil // counted by rs
		}
		af, err := listAffected(rel, m[2], m[3], m[4])
		if err != nil {
			return fmt.Errorf("%q: %w", text, err)
		}
		e.a.Affected = append(e.a.Affected, af)
		return nil
	}
	return fmt.Errorf("unknown line %q", text)
}

// listAffected returns what a list line says of pkg in rel: fixed in
// ver, or the tag <not-affected>, <end-of-life> or <unfixed>, with the
// line's note (its parts split at ";"): an urgency in it is the
// Severity, the rest the Reason of a tag (a fixed version has none).
func listAffected(rel advisory.Release, pkg, ver, note string) (advisory.Affected, error) {
	af := advisory.Affected{Ecosystem: version.Deb, Release: rel, Package: pkg, Status: advisory.StatusAffected}
	var rest []string // the note less its urgency
	for part := range strings.SplitSeq(note, ";") {
		if w := strings.TrimSpace(part); slices.Contains(urgencies, w) {
			af.Severity = w
		} else if w != "" {
			rest = append(rest, w)
		}
	}
	note = strings.Join(rest, "; ")
	switch ver {
	case "":
		return af, fmt.Errorf("no version")
	case "<not-affected>":
		af.Status, af.Reason = advisory.StatusNotAffected, cmp.Or(note, "not-affected")
	case "<end-of-life>":
		af.Status, af.Reason = advisory.StatusWillNotFix, strings.TrimSuffix(reasonEndOfLife+"; "+note, "; ")
	case "<unfixed>":
		af.Reason = note
	default:
		if strings.HasPrefix(ver, "<") {
			return af, fmt.Errorf("unknown tag %s", ver)
		}
		af.Ranges = fixedIn(ver)
	}
	return af, nil
}
