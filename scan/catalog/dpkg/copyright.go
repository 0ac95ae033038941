package dpkg

import (
	"io"
	"slices"
	"strings"
	"unicode"
)

const docDir = "/usr/share/doc/"

// parseCopyright returns the first lines of the License fields of a
// DEP-5 copyright file: one whose first paragraph has a Format (or the
// draft's Format-Specification) field. Other files give nil: free-form
// copyright text names no license reliably. A value with a control
// character is dropped.
func parseCopyright(r io.Reader) ([]string, error) {
	var (
		lics      []string
		firstPara = true
		dep5      bool
		started   bool
	)
	sc := newScanner(r)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimLeft(line, " \t") == "" {
			if started {
				firstPara = false
			}
			continue
		}
		started = true
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch {
		case firstPara && (strings.EqualFold(name, "Format") || strings.EqualFold(name, "Format-Specification")):
			dep5 = true
		case !firstPara && !dep5:
			return nil, nil
		case strings.EqualFold(name, "License"):
			if v := strings.TrimSpace(value); v != "" && strings.IndexFunc(v, unicode.IsControl) < 0 {
				lics = append(lics, v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !dep5 {
		return nil, nil
	}
	slices.Sort(lics)
	return slices.Compact(lics), nil
}
