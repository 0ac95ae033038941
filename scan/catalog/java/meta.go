package java

import (
	"strconv"
	"strings"
)

// parseManifest returns the main section of a JAR manifest
// (META-INF/MANIFEST.MF): the "Name: value" lines up to the first blank
// line, a line starting with one space continuing the one before it, as
// the JAR File Specification says. Names are lowercased (the
// specification compares them without case); a name given twice keeps
// its first value. Lines that are not "Name: value" are ignored: the JDK
// rejects such a manifest, but the fields around them are still the
// archive's own.
func parseManifest(b []byte) map[string]string {
	m := map[string]string{}
	var key, val string
	flush := func() {
		if key != "" {
			if _, ok := m[key]; !ok {
				m[key] = strings.TrimSpace(val)
			}
		}
		key, val = "", ""
	}
	for _, line := range lines(string(b)) {
		switch {
		case line == "":
			flush()
			return m // the main section ends at the first blank line
		case line[0] == ' ':
			if key != "" {
				val += line[1:]
			}
		default:
			flush()
			k, v, ok := strings.Cut(line, ":")
			if ok && k != "" && !strings.ContainsAny(k, " \t") {
				key, val = strings.ToLower(k), v
			}
		}
	}
	flush()
	return m
}

// lines splits s at "\r\n", "\n" or "\r".
func lines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// parseProperties reads a Java properties file (the format of Maven's
// pom.properties) as java.util.Properties.load does: comment lines start
// with '#' or '!'; a key ends at the first unescaped '=', ':' or blank,
// and the separator may be surrounded by blanks; a line ending in an odd
// number of backslashes continues on the next, whose leading blanks are
// dropped; \t \n \r \f \uXXXX and \X (any other X) are unescaped. A key
// given twice keeps its last value, as Properties does.
func parseProperties(b []byte) map[string]string {
	m := map[string]string{}
	ls := lines(string(b))
	for i := 0; i < len(ls); i++ {
		line := strings.TrimLeft(ls[i], " \t\f")
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		for continued(line) && i+1 < len(ls) {
			i++
			line = line[:len(line)-1] + strings.TrimLeft(ls[i], " \t\f")
		}
		if continued(line) {
			line = line[:len(line)-1]
		}
		k, v := splitProperty(line)
		m[unescape(k)] = unescape(v)
	}
	return m
}

// continued reports whether line ends in an odd number of backslashes.
func continued(line string) bool {
	n := len(line) - len(strings.TrimRight(line, `\`))
	return n%2 == 1
}

// splitProperty splits a logical line into its escaped key and value.
func splitProperty(line string) (string, string) {
	end := len(line)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			i++
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			end = i
			break
		}
	}
	key, rest := line[:end], strings.TrimLeft(line[end:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	return key, rest
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+5 <= len(s) {
				if r, err := strconv.ParseUint(s[i+1:i+5], 16, 16); err == nil {
					b.WriteRune(rune(r))
					i += 4
					continue
				}
			}
			b.WriteByte('u') // Java rejects it; keep the text
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
