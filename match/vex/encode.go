package vex

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// Options control Encode. The zero value writes OpenVEX with an ID and a
// timestamp derived from the statements.
type Options struct {
	// Format is the format to write: OpenVEX (when ""), CycloneDXJSON or
	// CycloneDXXML (CycloneDX 1.6).
	Format Format
	// ID is the document's ID (OpenVEX @id, an IRI; CycloneDX
	// serialNumber, a "urn:uuid:" URN); "" means a version 8 UUID URN
	// from the SHA-256 of the document written without it, so that the
	// same statements give the same ID.
	ID string
	// Author names the author; "" means "loadline".
	Author string
	// Timestamp is the document's time; zero means the latest statement
	// timestamp, or the Unix epoch when no statement has one.
	Timestamp time.Time
	// Version is the document's version; 0 means 1.
	Version int
	// Tooling names the tool that made the document (OpenVEX tooling, a
	// CycloneDX metadata tool); "" means none.
	Tooling string
}

// meta is Options with the defaults applied.
type meta struct {
	id, author, tooling string
	timestamp           time.Time
	version             int
}

// Encode writes stmts as one document, in their order, with each
// statement's fields as Statement documents them. Output is
// deterministic: the same statements and options give the same bytes.
// Where a format requires a field a statement lacks, Encode writes a
// fixed text: the action_statement of an OpenVEX affected statement
// ("No remediation is available yet.", or its CycloneDX responses),
// the impact_statement of a not_affected one without justification.
// CycloneDX has no subcomponents: a product with subcomponents becomes
// a component, and the statement's affects name its subcomponents. A
// statement's Source is not written. stmts is not modified.
func Encode(w io.Writer, stmts []Statement, opts Options) error {
	m := meta{id: opts.ID, author: opts.Author, tooling: opts.Tooling, timestamp: opts.Timestamp, version: opts.Version}
	if m.author == "" {
		m.author = "loadline"
	}
	if m.version == 0 {
		m.version = 1
	}
	if m.timestamp.IsZero() {
		m.timestamp = time.Unix(0, 0)
		for _, s := range stmts {
			if s.Timestamp.After(m.timestamp) {
				m.timestamp = s.Timestamp
			}
		}
	}
	m.timestamp = m.timestamp.UTC().Truncate(time.Second)
	if m.id != "" {
		return encode(w, stmts, m, opts.Format)
	}
	var buf bytes.Buffer
	if err := encode(&buf, stmts, m, opts.Format); err != nil {
		return err
	}
	m.id = contentID(buf.Bytes())
	return encode(w, stmts, m, opts.Format)
}

func encode(w io.Writer, stmts []Statement, m meta, f Format) error {
	switch f {
	case "", OpenVEX:
		if err := toOpenVEX(stmts, m).ToJSON(w); err != nil {
			return fmt.Errorf("vex: encode openvex: %w", err)
		}
		return nil
	case CycloneDXJSON, CycloneDXXML:
		ff := cdx.BOMFileFormatJSON
		if f == CycloneDXXML {
			ff = cdx.BOMFileFormatXML
		}
		enc := cdx.NewBOMEncoder(w, ff).SetPretty(true).SetEscapeHTML(false)
		if err := enc.EncodeVersion(toCycloneDX(stmts, m), cdx.SpecVersion1_6); err != nil {
			return fmt.Errorf("vex: encode %s: %w", f, err)
		}
		return nil
	}
	return fmt.Errorf("vex: encode: format %q: %w", f, ErrUnsupported)
}

// contentID returns a version 8 UUID URN from the SHA-256 of doc.
func contentID(doc []byte) string {
	h := sha256.Sum256(doc)
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // variant 10
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}
