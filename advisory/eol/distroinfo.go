package eol

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
)

// parseDistroInfo reads one of distro-info-data's CSV files (debian.csv
// or ubuntu.csv) for distro ("debian" or "ubuntu"), naming source in each
// entry. Columns are found by the header's names: version, eol, and where
// present eol-server, eol-lts (Debian) and eol-esm (Ubuntu); others are
// ignored, rows may be short (trailing dates absent). A row without a
// version (sid, experimental) or without an eol date (a release not out
// yet) is skipped. Versions are keyed as advisory.ReleaseOf keys an
// image's VERSION_ID (Debian "6.0" -> "6", Ubuntu "22.04 LTS" -> "22.04");
// where two rows share a key (Debian 3.0 and 3.1, both older than
// os-release), the later row wins. Rows keep the file's order.
func parseDistroInfo(r io.Reader, distro, source string) ([]Support, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("eol: %s: header: %w", source, err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.TrimSpace(name)] = i
	}
	for _, need := range []string{"version", "eol"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("eol: %s: %w %q", source, errMissingColumn, need)
		}
	}
	extended := "eol-lts"
	if distro == "ubuntu" {
		extended = "eol-esm"
	}
	var out []Support
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("eol: %s: %w", source, err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		day := func(name string) (time.Time, error) {
			v := field(name)
			if v == "" {
				return time.Time{}, nil
			}
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return time.Time{}, fmt.Errorf("eol: %s:%d: %s: %w", source, line, name, err)
			}
			return t, nil
		}
		version := strings.TrimSpace(strings.TrimSuffix(field("version"), " LTS"))
		key := advisory.ReleaseOf(distro, version)
		var dates [3]time.Time
		for i, name := range []string{"eol", "eol-server", extended} {
			if dates[i], err = day(name); err != nil {
				return nil, err
			}
		}
		ends, server, ext := dates[0], dates[1], dates[2]
		if key.Version == "" || ends.IsZero() {
			continue
		}
		if !server.IsZero() && server.After(ends) {
			ends = server
		}
		s := Support{Release: key, Ends: ends, Extended: ext, Source: source}
		if i := slices.IndexFunc(out, func(o Support) bool { return o.Release == key }); i >= 0 {
			out = slices.Delete(out, i, i+1)
		}
		out = append(out, s)
	}
}

// errMissingColumn is wrapped when a CSV header lacks a needed column.
var errMissingColumn = errors.New("missing column")
