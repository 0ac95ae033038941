package cyclonedx

import (
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// Format is a CycloneDX serialization. The zero value is JSON.
type Format int

const (
	// JSON is the CycloneDX JSON format (application/vnd.cyclonedx+json).
	JSON Format = iota
	// XML is the CycloneDX XML format (application/vnd.cyclonedx+xml).
	XML
)

// String returns "json" or "xml".
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case XML:
		return "xml"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Options says how Encode writes a document. The zero value writes JSON
// with a content-derived serial number, no timestamp and no file lists.
type Options struct {
	// Format is JSON (the zero value) or XML.
	Format Format
	// SerialNumber is the document's serial number: "urn:uuid:" and a
	// lowercase UUID. Empty means one derived from the content: a version
	// 8 UUID (RFC 9562) whose free bits are the first 122 bits of the
	// SHA-256 of the document's JSON encoding without a serial number, so
	// the same inventory and options give the same serial number in
	// either format.
	SerialNumber string
	// Timestamp is written as metadata.timestamp (RFC 3339, UTC); the
	// zero value leaves it out, so the output depends on the input only.
	Timestamp time.Time
	// ToolVersion is the version of loadline, written with the tool name
	// "loadline" in metadata.tools; "" leaves the version out.
	ToolVersion string
	// Files writes each package's owned files as "loadline:file"
	// properties. It is off by default: an operating system image owns
	// tens of thousands of files, which would make the document many
	// times larger than the packages it describes. Without it, a decoded
	// document gives packages without Files.
	Files bool
	// Vulnerabilities are written as the document's vulnerabilities, as
	// given and in their order, after the components they speak of:
	// their affects name components by the bom-refs BOMRefs returns
	// (match/vex's EncodeBOM builds them from a match result). They count
	// in the content-derived serial number. nil writes none; Decode does
	// not read them back.
	Vulnerabilities []cdx.Vulnerability
	// Properties are written in metadata.properties after the
	// inventory's own (its problems), as given: what a caller says of
	// the whole document (match/vex's EncodeBOM: the match result's
	// gaps). Their names should be outside the loadline:problem:
	// namespace, which Decode reads back; nil writes none.
	Properties []cdx.Property
}

// validSerialNumber reports whether s matches the schema's pattern for
// serialNumber: ^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$.
func validSerialNumber(s string) bool {
	rest, ok := strings.CutPrefix(s, "urn:uuid:")
	if !ok || len(rest) != 36 {
		return false
	}
	for i, c := range rest {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}
