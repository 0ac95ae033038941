package sbomfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
	"github.com/loadline/loadline/sbom/spdx"
)

// Kind is an SBOM specification and its serialization. The zero value is
// no format: Decode never returns it with a nil error, and Encode rejects
// it.
type Kind int

const (
	// CycloneDXJSON is CycloneDX in JSON (read: 1.2 to 1.7; written: 1.6).
	CycloneDXJSON Kind = iota + 1
	// CycloneDXXML is CycloneDX in XML (read: 1.2 to 1.7; written: 1.6).
	CycloneDXXML
	// SPDXJSON is SPDX 2 in JSON (read: 2.2 and 2.3; written: 2.3).
	SPDXJSON
	// SPDXTagValue is SPDX 2 tag-value (read: 2.2 and 2.3; written: 2.3).
	SPDXTagValue
)

var kindNames = [...]string{
	CycloneDXJSON: "cyclonedx-json",
	CycloneDXXML:  "cyclonedx-xml",
	SPDXJSON:      "spdx-json",
	SPDXTagValue:  "spdx-tag-value",
}

// String returns the kind's name, as the loadline command's -o flag
// spells it: "cyclonedx-json", "cyclonedx-xml", "spdx-json" or
// "spdx-tag-value"; "Kind(n)" for any other value.
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind returns the Kind whose String is name, or an error naming
// the known ones.
func ParseKind(name string) (Kind, error) {
	for k := CycloneDXJSON; int(k) < len(kindNames); k++ {
		if kindNames[k] == name {
			return k, nil
		}
	}
	return 0, fmt.Errorf("sbomfile: unknown format %q (want cyclonedx-json, cyclonedx-xml, spdx-json or spdx-tag-value)", name)
}

// Format is what Decode found: the kind of document and the
// specification version it declares.
type Format struct {
	Kind Kind
	// Version is the specification version as the document states it,
	// without prefix: "1.6" (CycloneDX specVersion, else the version in
	// its $schema; the XML namespace), "2.3" (SPDX "SPDX-2.3"). It is ""
	// when the document states none (the decoder then names the missing
	// field).
	Version string
}

// String returns the kind and, when known, the version:
// "cyclonedx-json 1.6", "spdx-tag-value 2.2".
func (f Format) String() string {
	if f.Version == "" {
		return f.Kind.String()
	}
	return f.Kind.String() + " " + f.Version
}

// ErrNotSBOM is returned (wrapped, with what the input looks like
// instead) by Decode for input that is no SBOM format it knows, as
// "sbomfile: not an SBOM: JSON without bomFormat or spdxVersion".
var ErrNotSBOM = errors.New("sbomfile: not an SBOM")

// ErrUnsupported is returned (wrapped, naming the format) by Decode for
// an SBOM format it recognises but cannot read: SPDX 3 (JSON-LD) and
// SPDX RDF/XML.
var ErrUnsupported = errors.New("sbomfile: unsupported SBOM format")

// prefix is how much of the input Decode looks at to tell the format.
const prefix = 1 << 20

// Decode reads an SBOM document from r, CycloneDX 1.2 to 1.7 (JSON or
// XML) or SPDX 2.2 or 2.3 (JSON or tag-value), and returns its inventory
// (sorted, Source.Kind "sbom") and the Format it found. It tells the
// format from the first MiB of r (see the package documentation) and
// then hands all of r to sbom/cyclonedx.Decode or sbom/spdx.Decode,
// whose documentation says how each field is read; packages are taken
// as the document writes them. r is read once: to its end, or no
// further than the first MiB when that shows it is no SBOM Decode
// reads. A leading UTF-8 byte order mark is dropped.
//
// Errors: ErrNotSBOM or ErrUnsupported, wrapped with what was seen;
// the decoder's error (a *cyclonedx.FieldError, say), wrapped as
// "sbomfile: cyclonedx-json 1.6: cyclonedx: components[3].purl: ...",
// in which case the returned Format is the one found; a read error;
// ctx's error when it is done before r is read. Decode never panics on
// any input.
func Decode(ctx context.Context, r io.Reader) (*sbom.Inventory, Format, error) {
	cr := &ctxReader{ctx: ctx, r: r}
	head, err := io.ReadAll(io.LimitReader(cr, prefix))
	if err != nil {
		return nil, Format{}, fmt.Errorf("sbomfile: read: %w", err)
	}
	f, watch, err := sniff(head, len(head) < prefix)
	if err != nil {
		return nil, Format{}, err
	}
	if watch != nil {
		watch.prime(head)
		cr.watch = watch
	}
	// A UTF-8 byte order mark is no part of JSON or XML, and Windows tools
	// write one.
	all := io.MultiReader(bytes.NewReader(bytes.TrimPrefix(head, []byte("\ufeff"))), cr)
	var inv *sbom.Inventory
	switch f.Kind {
	case CycloneDXJSON, CycloneDXXML:
		inv, err = cyclonedx.Decode(all)
	default:
		inv, err = spdx.Decode(all)
	}
	if watch != nil && watch.found {
		f.Version = watch.version()
	}
	if err != nil {
		return nil, f, fmt.Errorf("sbomfile: %v: %w", f, err)
	}
	return inv, f, nil
}

// Options say how Encode writes a document. The zero value works.
type Options struct {
	// Created is when the document was made: SPDX's creationInfo.created
	// (the zero value means the current time, since SPDX requires one)
	// and CycloneDX's metadata.timestamp (the zero value leaves it out).
	// Set it for reproducible documents.
	Created time.Time
}

// Encode writes inv to w as a document of kind k, with sbom/cyclonedx or
// sbom/spdx (whose documentation describes the document) and their
// default options, bar opts.Created. The same inventory and options give
// byte-identical output. A nil inv is an empty inventory; inv is not
// modified. It returns an error for a Kind that is none of the four and
// wraps the encoder's errors.
func Encode(w io.Writer, inv *sbom.Inventory, k Kind, opts Options) error {
	var err error
	switch k {
	case CycloneDXJSON:
		err = cyclonedx.Encode(w, inv, cyclonedx.Options{Format: cyclonedx.JSON, Timestamp: opts.Created})
	case CycloneDXXML:
		err = cyclonedx.Encode(w, inv, cyclonedx.Options{Format: cyclonedx.XML, Timestamp: opts.Created})
	case SPDXJSON:
		err = spdx.Encode(w, inv, spdx.Options{Format: spdx.JSON, Created: opts.Created})
	case SPDXTagValue:
		err = spdx.Encode(w, inv, spdx.Options{Format: spdx.TagValue, Created: opts.Created})
	default:
		return fmt.Errorf("sbomfile: cannot encode %v", k)
	}
	if err != nil {
		return fmt.Errorf("sbomfile: encode %v: %w", k, err)
	}
	return nil
}

// ctxReader reads r until ctx is done, showing what it reads to watch.
type ctxReader struct {
	ctx   context.Context
	r     io.Reader
	watch *keyWatch
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	if c.watch != nil && n > 0 {
		c.watch.see(p[:n])
	}
	return n, err
}
