package sbomfile

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// sniff tells the format of a document from head, its first bytes;
// complete says head is the whole input. When the format is known but
// its version lies beyond head (a JSON document with sorted keys), the
// keyWatch returned looks for it in the rest.
func sniff(head []byte, complete bool) (Format, *keyWatch, error) {
	t := bytes.TrimLeft(head, "\ufeff \t\r\n")
	switch {
	case len(t) == 0 && complete:
		return Format{}, nil, notSBOM("empty input")
	case len(t) == 0:
		return Format{}, nil, notSBOM("only white space in the first MiB")
	case t[0] == '{' || t[0] == '[':
		return sniffJSON(t, complete)
	case t[0] == '<':
		f, err := sniffXML(t)
		return f, nil, err
	case bytes.HasPrefix(t, []byte{0xff, 0xfe}) || bytes.HasPrefix(t, []byte{0xfe, 0xff}):
		return Format{}, nil, notSBOM("UTF-16 text (SBOM formats are UTF-8; PowerShell's > writes UTF-16)")
	case binary(t):
		return Format{}, nil, notSBOM(fmt.Sprintf("binary data (starting % x)", t[:min(len(t), 4)]))
	}
	f, err := sniffTagValue(t, complete)
	return f, nil, err
}

func notSBOM(saw string) error { return fmt.Errorf("%w: %s", ErrNotSBOM, saw) }

// binary reports whether t starts with something that is not UTF-8 text.
func binary(t []byte) bool {
	s := t[:min(len(t), 8<<10)]
	if len(s) < len(t) { // do not judge a rune cut at the end
		s = s[:len(s)-utf8.UTFMax]
	}
	return bytes.IndexByte(s, 0) >= 0 || !utf8.Valid(s)
}

// jsonHead is what sniffJSON finds among a JSON object's top-level
// members.
type jsonHead struct {
	bomFormat, specVersion, schema, spdxVersion, spdxID bool
	version, schemaVersion                              string
	context, csafVersion                                string
}

func (h *jsonHead) set(key string, raw json.RawMessage) {
	str := func() string {
		var s string
		_ = json.Unmarshal(raw, &s) // a value of another type reads as "": the decoder names it
		return s
	}
	switch key {
	case "bomFormat":
		h.bomFormat = true
	case "specVersion":
		h.specVersion, h.version = true, str()
	case "$schema":
		s := str()
		if strings.Contains(s, "cyclonedx.org/schema/") {
			h.schema = true
			// http://cyclonedx.org/schema/bom-1.3a.schema.json
			if _, v, ok := strings.Cut(s, "/bom-"); ok {
				v, _, _ = strings.Cut(v, ".schema")
				h.schemaVersion = strings.TrimRight(v, "abcdefghijklmnopqrstuvwxyz")
			}
		}
	case "spdxVersion":
		h.spdxVersion, h.version = true, strings.TrimPrefix(str(), "SPDX-")
	case "SPDXID":
		h.spdxID = strings.HasPrefix(str(), "SPDXRef-")
	case "@context":
		h.context = string(raw)
	case "document":
		var d struct {
			CSAFVersion string `json:"csaf_version"`
		}
		_ = json.Unmarshal(raw, &d) // not an object: not CSAF
		h.csafVersion = d.CSAFVersion
	}
}

// done reports whether the rest of the members can change nothing.
func (h *jsonHead) done() bool {
	return h.spdxVersion || h.bomFormat && h.specVersion
}

func sniffJSON(t []byte, complete bool) (Format, *keyWatch, error) {
	if t[0] == '[' {
		return Format{}, nil, notSBOM("a JSON array")
	}
	var h jsonHead
	scanErr := members(t, func(key string, raw []byte) bool {
		h.set(key, raw)
		return !h.done()
	})
	cut := errors.Is(scanErr, io.ErrUnexpectedEOF) && !complete // head ended inside the object

	var f Format
	switch {
	case strings.Contains(h.context, "spdx.org/rdf/3"):
		return Format{}, nil, fmt.Errorf("%w: SPDX 3 JSON-LD (@context %s); loadline reads SPDX 2.2 and 2.3", ErrUnsupported, h.context)
	case h.spdxVersion || h.spdxID:
		f = Format{Kind: SPDXJSON, Version: h.version}
	case h.bomFormat || h.specVersion || h.schema:
		f = Format{Kind: CycloneDXJSON, Version: h.version}
		if !h.specVersion {
			f.Version = h.schemaVersion // until the specVersion is seen
		}
	case strings.Contains(h.context, "openvex"):
		return Format{}, nil, notSBOM("an OpenVEX document")
	case h.csafVersion != "":
		return Format{}, nil, notSBOM("a CSAF document (csaf_version " + h.csafVersion + ")")
	case cut:
		return Format{}, nil, notSBOM("JSON without bomFormat or spdxVersion in its first MiB")
	case errors.Is(scanErr, io.ErrUnexpectedEOF):
		return Format{}, nil, notSBOM("truncated JSON without bomFormat or spdxVersion")
	case scanErr != nil:
		return Format{}, nil, notSBOM(fmt.Sprintf("malformed JSON without bomFormat or spdxVersion (%v)", scanErr))
	default:
		return Format{}, nil, notSBOM("JSON without bomFormat or spdxVersion")
	}
	if !cut || h.specVersion || h.spdxVersion {
		return f, nil, nil
	}
	if f.Kind == SPDXJSON {
		return f, newKeyWatch("spdxVersion", "SPDX-"), nil
	}
	return f, newKeyWatch("specVersion", ""), nil
}

const cdxNamespace = "http://cyclonedx.org/schema/bom/"

func sniffXML(t []byte) (Format, error) {
	lower := bytes.ToLower(t[:min(len(t), 64)])
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) {
		return Format{}, notSBOM("HTML")
	}
	d := xml.NewDecoder(bytes.NewReader(t))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // only the root element's name is read
	for {
		tok, err := d.Token()
		if err != nil {
			return Format{}, notSBOM(fmt.Sprintf("XML without a root element: %v", err))
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name, space := se.Name.Local, se.Name.Space
		switch {
		case name == "bom":
			// Another namespace or none: the decoder names xmlns.
			v, _ := strings.CutPrefix(space, cdxNamespace)
			if v == space {
				v = ""
			}
			return Format{Kind: CycloneDXXML, Version: v}, nil
		case strings.EqualFold(name, "html"):
			return Format{}, notSBOM("HTML")
		case name == "RDF" && bytes.Contains(t, []byte("spdx.org/rdf/terms")):
			return Format{}, fmt.Errorf("%w: SPDX RDF/XML; loadline reads SPDX JSON and tag-value", ErrUnsupported)
		case space != "":
			return Format{}, notSBOM(fmt.Sprintf("XML with root element <%s> in namespace %s", name, space))
		default:
			return Format{}, notSBOM(fmt.Sprintf("XML with root element <%s>", name))
		}
	}
}

func sniffTagValue(t []byte, complete bool) (Format, error) {
	for line := range bytes.Lines(t) {
		if v, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("SPDXVersion:")); ok {
			return Format{Kind: SPDXTagValue, Version: strings.TrimPrefix(string(bytes.TrimSpace(v)), "SPDX-")}, nil
		}
	}
	if !complete {
		return Format{}, notSBOM("text without an SPDXVersion: line in its first MiB")
	}
	return Format{}, notSBOM("text without an SPDXVersion: line")
}
