package python

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxFileSize is the most the catalogers read of one file: a METADATA,
// PKG-INFO, RECORD, installed-files.txt or lockfile (16 MiB).
const MaxFileSize = 16 << 20

// metadata is what loadline takes from a core metadata file.
type metadata struct {
	name, version string
	license       string   // the License field, "" when absent
	expression    string   // License-Expression (Metadata-Version 2.4)
	classifiers   []string // the "License :: ..." classifiers, in order
}

// errTooLarge says that a file is over MaxFileSize.
var errTooLarge = fmt.Errorf("larger than %d bytes", MaxFileSize)

// readAll reads r whole, failing with errTooLarge past MaxFileSize.
func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, errTooLarge
	}
	return b, nil
}

// parseMetadata reads the headers of a core metadata file (METADATA,
// PKG-INFO; Metadata-Version 1.0 to 2.4) as Python's email parser does:
// "Key: value" lines, continuation lines starting with a space or tab,
// headers ending at the first empty line. A line that is none of these
// also ends the headers, as in Python, and is reported as an error
// beside what was read before it. The result has a name and version
// unless the error says why not.
func parseMetadata(b []byte) (metadata, error) {
	var m metadata
	var bad error
	var key string
	var val strings.Builder
	seen := map[string]bool{}
	flush := func() {
		defer func() { key = ""; val.Reset() }()
		if key == "" {
			return
		}
		v := strings.TrimSpace(val.String())
		// the first of a repeated field counts, as in Python's email.message
		switch k := strings.ToLower(key); {
		case k == "name" && !seen[k]:
			m.name = v
		case k == "version" && !seen[k]:
			m.version = v
		case k == "license" && !seen[k]:
			m.license = v
		case k == "license-expression" && !seen[k]:
			m.expression = v
		case k == "classifier":
			if strings.HasPrefix(v, "License ::") {
				m.classifiers = append(m.classifiers, v)
			}
		}
		seen[strings.ToLower(key)] = true
	}
	for n := 1; len(b) > 0; n++ {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break // the body (a description) follows
		}
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				val.WriteByte('\n')
				val.Write(line)
			}
			continue
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || !headerName(k) {
			bad = fmt.Errorf("line %d: not a header: %.40q", n, line)
			break
		}
		flush()
		key = string(k)
		val.Write(v)
	}
	flush()
	var errs []error
	switch {
	case m.name == "":
		errs = append(errs, errors.New("no Name"))
	case !validName(m.name):
		errs = append(errs, fmt.Errorf("invalid Name %.60q", m.name))
		m.name = ""
	}
	if m.version == "" || strings.ContainsAny(m.version, " \t\n") {
		if m.version != "" {
			errs = append(errs, fmt.Errorf("invalid Version %.60q", m.version))
		} else {
			errs = append(errs, errors.New("no Version"))
		}
		m.version = ""
	}
	if bad != nil {
		errs = append([]error{bad}, errs...)
	}
	if m.name == "" || m.version == "" {
		m.name, m.version = "", ""
	}
	return m, errors.Join(errs...)
}

// headerName reports whether k can name a header, as Python's email
// parser sees it: printable ASCII without spaces (and, being cut at the
// first colon, without colons); an empty name is allowed and ignored.
func headerName(k []byte) bool {
	for _, c := range k {
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// licenses returns the licenses m states: its License-Expression when it
// has one; else its License field when that is one line and not
// "UNKNOWN" (a field holding a whole license text says nothing short);
// else the licenses of its license classifiers (see classifierLicenses).
// Nil when none.
func (m metadata) licenses() []string {
	if m.expression != "" {
		return []string{m.expression}
	}
	if l := m.license; l != "" && !strings.EqualFold(l, "UNKNOWN") && !strings.Contains(l, "\n") && len(l) <= 200 {
		return []string{l}
	}
	return classifierLicenses(m.classifiers)
}

// validName reports whether s is a valid distribution name (PEP 508:
// ASCII letters and digits, with ".", "-" and "_" inside).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '.' || c == '-' || c == '_') && i > 0 && i < len(s)-1:
		default:
			return false
		}
	}
	return true
}

// normalize returns name normalised as PEP 503 says: lowercase, each run
// of "-", "_" and "." replaced by one "-".
func normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.':
			if i == 0 || !isSep(name[i-1]) {
				b.WriteByte('-')
			}
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// sameName reports whether normalize(raw) is norm, without building it:
// siblings compares every entry of a site-packages directory.
func sameName(raw, norm string) bool {
	j := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case isSep(c):
			if i > 0 && isSep(raw[i-1]) {
				continue
			}
			c = '-'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if j >= len(norm) || norm[j] != c {
			return false
		}
		j++
	}
	return j == len(norm)
}
