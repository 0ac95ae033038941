package vex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxDocument is the largest document Decode reads.
const MaxDocument = 256 << 20

// ErrUnknownFormat is returned by Decode for a document that is none of
// the formats it reads.
var ErrUnknownFormat = errors.New("vex: not an OpenVEX, CycloneDX or CSAF document")

// ErrUnsupported is returned by Decode for OpenVEX before 0.2.0, and by
// Encode for a format it does not write (CSAF).
var ErrUnsupported = errors.New("vex: format not supported yet")

// FieldError is a document field Decode cannot accept. Field is its path
// in the document ("statements[3].status", "vulnerabilities[0].analysis.state"),
// Err says what is wrong.
type FieldError struct {
	Format Format
	Field  string
	Err    error
}

func (e *FieldError) Error() string {
	return "vex: " + string(e.Format) + ": " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErrorf(f Format, field, format string, args ...any) *FieldError {
	return &FieldError{Format: f, Field: field, Err: fmt.Errorf(format, args...)}
}

// Decode reads one VEX document, of any format it knows, told apart by
// content: XML is CycloneDX; JSON with an OpenVEX @context is OpenVEX,
// with bomFormat "CycloneDX" is CycloneDX, with document.csaf_version is
// CSAF (of any category: a csaf_vex document, or an advisory's product
// statuses). Statements come back in document order, each with the
// fields Statement documents. A CycloneDX vulnerability without an
// analysis state is a finding, not a statement, and is left out. A CSAF
// vulnerability gives one statement per status and what is said of its
// products (see decodeCSAF). A document that is none of these gives ErrUnknownFormat; a
// malformed one an error naming the field (a *FieldError when one field
// is at fault): an unknown status, a statement without a vulnerability.
// Decode reads at most MaxDocument bytes.
func Decode(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, fmt.Errorf("vex: read: %w", err)
	}
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("vex: document over %d bytes", MaxDocument)
	}
	f, err := Detect(data)
	if err != nil {
		return nil, err
	}
	switch f {
	case OpenVEX:
		return decodeOpenVEX(data)
	case CycloneDXJSON, CycloneDXXML:
		return decodeCycloneDX(data, f)
	}
	return decodeCSAF(data)
}

// Detect returns the format of a document's content, as Decode tells
// them apart, or ErrUnknownFormat.
func Detect(data []byte) (Format, error) {
	t := bytes.TrimLeft(data, "\ufeff \t\r\n")
	if len(t) == 0 {
		return "", ErrUnknownFormat
	}
	if t[0] == '<' {
		if bytes.Contains(t[:min(len(t), 4096)], []byte("cyclonedx.org/schema/bom")) {
			return CycloneDXXML, nil
		}
		return "", ErrUnknownFormat
	}
	if t[0] != '{' {
		return "", ErrUnknownFormat
	}
	var probe struct {
		Context   json.RawMessage `json:"@context"`
		BOMFormat string          `json:"bomFormat"`
		Document  *struct {
			CSAFVersion string `json:"csaf_version"`
		} `json:"document"`
	}
	if err := json.Unmarshal(t, &probe); err != nil {
		return "", fmt.Errorf("vex: %w", err)
	}
	var ctx string
	_ = json.Unmarshal(probe.Context, &ctx) // a context that is not a string is not OpenVEX's
	switch {
	case strings.HasPrefix(ctx, "https://openvex.dev/ns"):
		return OpenVEX, nil
	case probe.BOMFormat == "CycloneDX":
		return CycloneDXJSON, nil
	case probe.Document != nil && probe.Document.CSAFVersion != "":
		return CSAF, nil
	}
	return "", ErrUnknownFormat
}

// parseTime parses an RFC 3339 time, or a date alone; zero when s is
// empty or neither.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// firstTime returns the first non-zero time.
func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
