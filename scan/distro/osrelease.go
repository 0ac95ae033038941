package distro

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxFileSize caps every file Detect and ParseOSRelease read.
const maxFileSize = 64 << 10

// ParseOSRelease reads an os-release(5) file: lines of KEY=value, where a
// value may be unquoted, "double-quoted" or 'single-quoted' (pieces may
// follow one another, as in a shell), a backslash escapes the next
// character outside quotes and one of " \ $ ` inside double quotes, and
// single quotes take everything literally; whitespace around the key and
// the "=" and at the end of the line is dropped. Blank lines and lines
// starting with "#" are skipped. A later key replaces an earlier one.
//
// It reads at most 64 KiB: a longer input gives a nil map and an error. A
// malformed line (no "=", a bad key, an unterminated quote: values never
// span lines) is skipped and named in the returned error, with the map
// of the good lines. The map is never nil when the error is nil.
func ParseOSRelease(r io.Reader) (map[string]string, error) {
	data, err := readCapped(r)
	if err != nil {
		return nil, fmt.Errorf("distro: %w", err)
	}
	m, err := parseOSRelease(data)
	var errs []error
	for _, e := range unjoin(err) {
		errs = append(errs, fmt.Errorf("distro: %w", e))
	}
	return m, errors.Join(errs...)
}

// readCapped reads all of r, failing beyond maxFileSize.
func readCapped(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	return data, nil
}

func parseOSRelease(data []byte) (map[string]string, error) {
	m := make(map[string]string)
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxFileSize+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		key, value, err := parseLine(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			continue
		}
		m[key] = value
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	return m, errors.Join(errs...)
}

// parseLine splits one trimmed, non-comment line into key and value.
func parseLine(line string) (string, string, error) {
	key, raw, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", errors.New(`no "="`)
	}
	key = strings.TrimSpace(key)
	if !validKey(key) {
		return "", "", fmt.Errorf("bad key %q", key)
	}
	value, err := unquote(strings.TrimSpace(raw))
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", key, err)
	}
	return key, value, nil
}

// validKey reports whether k is a shell variable name.
func validKey(k string) bool {
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return false
	}
	for _, c := range []byte(k) {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// unquote undoes shell quoting of one value.
func unquote(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte(c)
			}
		case '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return "", errors.New("unterminated single quote")
			}
			b.WriteString(s[i+1 : i+1+end])
			i += end + 1
		case '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && strings.IndexByte("\"\\$`", s[j+1]) >= 0 {
					j++
				}
				b.WriteByte(s[j])
			}
			if j == len(s) {
				return "", errors.New("unterminated double quote")
			}
			i = j
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
