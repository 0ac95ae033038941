package osv

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/cvss"
	"github.com/loadline/loadline/version"
)

// record is an OSV record as the schema (1.7) writes it, with the fields
// loadline keeps.
type record struct {
	ID         string               `json:"id"`
	Aliases    []string             `json:"aliases"`
	Related    []string             `json:"related"`
	Upstream   []string             `json:"upstream"`
	Summary    string               `json:"summary"`
	Details    string               `json:"details"`
	Published  time.Time            `json:"published"`
	Modified   time.Time            `json:"modified"`
	Withdrawn  time.Time            `json:"withdrawn"`
	Severity   []severity           `json:"severity"`
	Affected   []affected           `json:"affected"`
	References []advisory.Reference `json:"references"`
	Database   struct {
		Severity string   `json:"severity"` // GHSA: LOW, MODERATE, HIGH, CRITICAL
		CWEIDs   []string `json:"cwe_ids"`  // GHSA
	} `json:"database_specific"`
}

type severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

type affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
		PURL      string `json:"purl"`
	} `json:"package"`
	Severity  []severity      `json:"severity"`
	Ranges    []version.Range `json:"ranges"`
	Versions  []string        `json:"versions"`
	Ecosystem struct {
		Urgency string `json:"urgency"` // Debian
	} `json:"ecosystem_specific"`
	Database struct {
		CVSS string `json:"cvss"` // RustSec: a CVSS vector
	} `json:"database_specific"`
}

// RecordError is a record that could not be read; the parse goes on.
type RecordError struct {
	Record string // file name, path in the archive, or ID; "" for a document read alone
	Err    error
}

// Error names the record, when it has a name, and what was wrong.
func (e *RecordError) Error() string {
	if e.Record == "" { // one document read alone
		return fmt.Sprintf("osv: %v", e.Err)
	}
	return fmt.Sprintf("osv: record %s: %v", e.Record, e.Err)
}
func (e *RecordError) Unwrap() error { return e.Err }

// decode reads one OSV record named name from data.
func decode(data []byte, name string) (*advisory.Advisory, error) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, &RecordError{Record: name, Err: err}
	}
	if r.ID == "" {
		return nil, &RecordError{Record: name, Err: fmt.Errorf("no id")}
	}
	if name == "" {
		name = r.ID
	}
	return convert(&r, name), nil
}

// convert turns a record into an Advisory.
func convert(r *record, name string) *advisory.Advisory {
	src := sourceOf(r.ID)
	a := &advisory.Advisory{
		ID:         r.ID,
		Aliases:    ids(r.Aliases, r.ID),
		Related:    ids(slices.Concat(r.Related, r.Upstream), r.ID),
		Summary:    r.Summary,
		Details:    r.Details,
		Published:  r.Published,
		Modified:   r.Modified,
		Withdrawn:  r.Withdrawn,
		Severities: severities(allSeverities(r), src),
		Source:     advisory.Provenance{Feed: "osv", Record: name},
	}
	if s := r.Database.Severity; s != "" {
		a.Severities = append(a.Severities, advisory.Severity{Rating: s, Source: src})
	}
	for _, ref := range r.References {
		if ref.URL != "" {
			a.References = append(a.References, ref)
		}
	}
	for _, c := range r.Database.CWEIDs {
		if c != "" && !slices.Contains(a.CWEs, c) {
			a.CWEs = append(a.CWEs, c)
		}
	}
	slices.Sort(a.CWEs)
	for _, af := range r.Affected {
		if out, ok := convertAffected(af, r.Severity); ok {
			a.Affected = append(a.Affected, out)
		}
	}
	return a
}

// convertAffected converts one affected entry. GIT ranges are dropped:
// they name commits, which no inventory version can be compared with.
// An entry with no package, or whose only ranges were GIT ranges and
// which lists no versions, is dropped too: kept, it would read as
// "every version affected".
func convertAffected(af affected, recordSeverity []severity) (advisory.Affected, bool) {
	if af.Package.Name == "" || af.Package.Ecosystem == "" {
		return advisory.Affected{}, false
	}
	typ, rel, known := ecosystemOf(af.Package.Ecosystem)
	if !known {
		if t, ok := purlType(af.Package.PURL); ok {
			typ = t
		}
	}
	out := advisory.Affected{
		Ecosystem: typ,
		Release:   rel,
		Package:   af.Package.Name,
		Status:    advisory.StatusAffected,
		Versions:  slices.Clone(af.Versions),
		Severity:  af.Ecosystem.Urgency,
	}
	git := false
	for _, rg := range af.Ranges {
		if rg.Type == version.RangeGit {
			git = true
			continue
		}
		out.Ranges = append(out.Ranges, version.Range{Type: rg.Type, Events: slices.Clone(rg.Events)})
	}
	if git && len(out.Ranges) == 0 && len(out.Versions) == 0 {
		return advisory.Affected{}, false
	}
	if out.Severity == "" && rel.Distro == "ubuntu" {
		out.Severity = ownRating(slices.Concat(af.Severity, recordSeverity), "Ubuntu")
	}
	if len(out.Versions) == 0 {
		out.Versions = nil
	}
	return out, true
}

// ownRating returns the score of the first severity of type typ.
func ownRating(ss []severity, typ string) string {
	for _, s := range ss {
		if s.Type == typ {
			return s.Score
		}
	}
	return ""
}

// severities converts OSV severities: CVSS vectors scored with
// advisory/cvss (Score is the base score; a vector cvss cannot parse is
// kept with no score or rating), any other type (Ubuntu's priority) as a
// rating alone.
func severities(ss []severity, src string) []advisory.Severity {
	var out []advisory.Severity
	for _, s := range ss {
		switch s.Type {
		case "CVSS_V2", "CVSS_V3", "CVSS_V4":
			sev := advisory.Severity{Type: s.Type, Vector: s.Score, Source: src}
			if v, err := cvss.Parse(s.Score); err == nil {
				sev.Score = v.BaseScore()
				sev.Rating = cvss.Rating(v.Version(), sev.Score)
			}
			out = append(out, sev)
		default:
			if s.Score != "" {
				out = append(out, advisory.Severity{Rating: s.Score, Source: strings.ToLower(s.Type)})
			}
		}
	}
	return out
}

// allSeverities returns the record's severities, then those its
// affected entries give (Bitnami's per-package vectors, RustSec's
// database_specific cvss), without repeats.
func allSeverities(r *record) []severity {
	out := slices.Clone(r.Severity)
	add := func(s severity) {
		if s.Score != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, af := range r.Affected {
		for _, s := range af.Severity {
			add(s)
		}
		if v := af.Database.CVSS; v != "" {
			add(severity{Type: cvssType(v), Score: v})
		}
	}
	return out
}

// cvssType returns the OSV severity type of a CVSS vector.
func cvssType(v string) string {
	switch {
	case strings.HasPrefix(v, "CVSS:4"):
		return "CVSS_V4"
	case strings.HasPrefix(v, "CVSS:3"):
		return "CVSS_V3"
	}
	return "CVSS_V2"
}

// ids returns list sorted, without duplicates, empty strings or id.
func ids(list []string, id string) []string {
	var out []string
	for _, s := range list {
		if s != "" && s != id && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// sources names who rates, by the prefix of a record's ID.
var sources = map[string]string{
	"GHSA": "ghsa", "UBUNTU": "ubuntu", "USN": "ubuntu", "LSN": "ubuntu",
	"ALSA": "almalinux", "ALBA": "almalinux", "ALEA": "almalinux",
	"RLSA": "rocky", "RXSA": "rocky", "RHSA": "redhat", "RHBA": "redhat", "RHEA": "redhat",
	"CGA": "chainguard", "BIT": "bitnami", "GO": "go", "RUSTSEC": "rustsec", "PYSEC": "pypa",
	"DSA": "debian", "DLA": "debian", "DTSA": "debian", "DEBIAN": "debian",
	"SUSE": "suse", "openSUSE": "suse", "MAL": "ossf-malicious", "OSV": "osv",
	"CVE": "nvd", "MGASA": "mageia", "PSF": "psf",
}

// sourceOf returns who rates in a record with this ID: the database the
// ID prefix names, else the prefix lowercased.
func sourceOf(id string) string {
	prefix, _, _ := strings.Cut(id, "-")
	if s, ok := sources[prefix]; ok {
		return s
	}
	return strings.ToLower(prefix)
}

// purlType returns the type of a Package URL ("pkg:deb/ubuntu/tpp@1" ->
// "deb").
func purlType(purl string) (string, bool) {
	rest, ok := strings.CutPrefix(purl, "pkg:")
	if !ok {
		return "", false
	}
	t, _, ok := strings.Cut(strings.TrimLeft(rest, "/"), "/")
	return strings.ToLower(t), ok && t != ""
}
