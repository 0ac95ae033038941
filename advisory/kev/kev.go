package kev

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// DefaultURL is where CISA publishes the catalog as JSON.
const DefaultURL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"

// Entry is one known exploited vulnerability.
type Entry struct {
	// CVE is the CVE ID ("CVE-2021-44228").
	CVE           string `json:"cve"`
	VendorProject string `json:"vendorProject,omitempty"`
	Product       string `json:"product,omitempty"`
	// Name is CISA's vulnerabilityName.
	Name             string `json:"name,omitempty"`
	ShortDescription string `json:"shortDescription,omitempty"`
	RequiredAction   string `json:"requiredAction,omitempty"`
	Notes            string `json:"notes,omitempty"`
	// DateAdded and DueDate are dates (UTC midnight); zero when absent
	// or malformed.
	DateAdded time.Time `json:"dateAdded,omitzero"`
	DueDate   time.Time `json:"dueDate,omitzero"`
	// Ransomware is knownRansomwareCampaignUse as written: "Known" or
	// "Unknown"; see KnownRansomware.
	Ransomware string `json:"ransomware,omitempty"`
	// CWEs are weakness IDs ("CWE-502"), sorted.
	CWEs []string `json:"cwes,omitempty"`
}

// KnownRansomware reports whether CISA knows the vulnerability to have
// been used in a ransomware campaign.
func (e Entry) KnownRansomware() bool { return e.Ransomware == "Known" }

// Catalog is the KEV catalog keyed by CVE ID. A Catalog is not modified
// after Parse returns it and is then safe for concurrent reads. The zero
// value is an empty catalog.
type Catalog struct {
	// Version is catalogVersion ("2025.08.25"); "" for the CSV form,
	// which does not carry it.
	Version string
	// Released is dateReleased; zero for the CSV form.
	Released time.Time
	// Entries maps CVE ID to entry.
	Entries map[string]Entry
}

// Lookup returns the entry for a CVE ID, and whether the catalog has it.
// A nil Catalog has none.
func (c *Catalog) Lookup(cve string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.Entries[cve]
	return e, ok
}

// Len returns the number of entries.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.Entries)
}

// ErrDuplicate is wrapped by Parse's error when a CVE appears twice.
var ErrDuplicate = errors.New("kev: duplicate CVE")

// Parse reads the catalog in CISA's JSON form
// (known_exploited_vulnerabilities.json) or CSV form
// (known_exploited_vulnerabilities.csv), told apart by the first
// non-space byte ('{' for JSON). It returns an error, and no catalog, when
// the data is malformed, an entry has no CVE ID, or a CVE appears twice:
// the catalog is small and read whole. ctx is checked between entries.
func Parse(ctx context.Context, r io.Reader) (*Catalog, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // a UTF-8 byte order mark
	}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("kev: %w", err)
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		br.UnreadByte()
		if b == '{' {
			return parseJSON(ctx, br)
		}
		return parseCSV(ctx, br)
	}
}

type jsonEntry struct {
	CVEID                      string   `json:"cveID"`
	VendorProject              string   `json:"vendorProject"`
	Product                    string   `json:"product"`
	VulnerabilityName          string   `json:"vulnerabilityName"`
	DateAdded                  string   `json:"dateAdded"`
	ShortDescription           string   `json:"shortDescription"`
	RequiredAction             string   `json:"requiredAction"`
	DueDate                    string   `json:"dueDate"`
	KnownRansomwareCampaignUse string   `json:"knownRansomwareCampaignUse"`
	Notes                      string   `json:"notes"`
	CWEs                       []string `json:"cwes"`
}

func parseJSON(ctx context.Context, r io.Reader) (*Catalog, error) {
	var doc struct {
		CatalogVersion  string      `json:"catalogVersion"`
		DateReleased    string      `json:"dateReleased"`
		Vulnerabilities []jsonEntry `json:"vulnerabilities"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("kev: %w", err)
	}
	c := &Catalog{Version: doc.CatalogVersion, Entries: make(map[string]Entry, len(doc.Vulnerabilities))}
	if t, err := time.Parse(time.RFC3339Nano, doc.DateReleased); err == nil {
		c.Released = t.UTC()
	}
	for i, v := range doc.Vulnerabilities {
		if err := c.add(ctx, i, v); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func parseCSV(ctx context.Context, r io.Reader) (*Catalog, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("kev: csv header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	if _, ok := col["cveID"]; !ok {
		return nil, fmt.Errorf("kev: csv header has no cveID column")
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	c := &Catalog{Entries: map[string]Entry{}}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return nil, fmt.Errorf("kev: csv: %w", err)
		}
		v := jsonEntry{
			CVEID: get(rec, "cveID"), VendorProject: get(rec, "vendorProject"), Product: get(rec, "product"),
			VulnerabilityName: get(rec, "vulnerabilityName"), DateAdded: get(rec, "dateAdded"),
			ShortDescription: get(rec, "shortDescription"), RequiredAction: get(rec, "requiredAction"),
			DueDate: get(rec, "dueDate"), KnownRansomwareCampaignUse: get(rec, "knownRansomwareCampaignUse"),
			Notes: get(rec, "notes"),
		}
		for cwe := range strings.SplitSeq(get(rec, "cwes"), ",") {
			if cwe = strings.TrimSpace(cwe); cwe != "" {
				v.CWEs = append(v.CWEs, cwe)
			}
		}
		if err := c.add(ctx, i, v); err != nil {
			return nil, err
		}
	}
}

// add converts entry i and adds it to c.
func (c *Catalog) add(ctx context.Context, i int, v jsonEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if v.CVEID == "" {
		return fmt.Errorf("kev: entry %d: no cveID", i)
	}
	if _, dup := c.Entries[v.CVEID]; dup {
		return fmt.Errorf("kev: entry %d: %w %s", i, ErrDuplicate, v.CVEID)
	}
	var cwes []string // nil, not empty, when none: JSON and CSV agree
	if len(v.CWEs) > 0 {
		cwes = slices.Clone(v.CWEs)
		slices.Sort(cwes)
	}
	c.Entries[v.CVEID] = Entry{
		CVE: v.CVEID, VendorProject: v.VendorProject, Product: v.Product, Name: v.VulnerabilityName,
		ShortDescription: v.ShortDescription, RequiredAction: v.RequiredAction, Notes: v.Notes,
		DateAdded: date(v.DateAdded), DueDate: date(v.DueDate), Ransomware: v.KnownRansomwareCampaignUse,
		CWEs: slices.Compact(cwes),
	}
	return nil
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
