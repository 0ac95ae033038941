package report

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
)

// GitLabSchemaVersion is the version of GitLab's container-scanning
// report format that GitLab writes.
const GitLabSchemaVersion = "15.2.1"

type glReport struct {
	Version         string     `json:"version"`
	Scan            glScan     `json:"scan"`
	Vulnerabilities []glVuln   `json:"vulnerabilities"`
	Remediations    []struct{} `json:"remediations"`
}

type glScan struct {
	Analyzer  glTool      `json:"analyzer"`
	Scanner   glTool      `json:"scanner"`
	Type      string      `json:"type"`
	StartTime string      `json:"start_time"`
	EndTime   string      `json:"end_time"`
	Status    string      `json:"status"`
	Messages  []glMessage `json:"messages,omitempty"`
}

type glTool struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	URL     string   `json:"url,omitempty"`
	Version string   `json:"version"`
	Vendor  glVendor `json:"vendor"`
}

type glVendor struct {
	Name string `json:"name"`
}

type glMessage struct {
	Level string `json:"level"`
	Value string `json:"value"`
}

type glVuln struct {
	ID          string         `json:"id"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Severity    string         `json:"severity"`
	Solution    string         `json:"solution,omitempty"`
	Identifiers []glIdentifier `json:"identifiers"`
	CVSSVectors []glCVSS       `json:"cvss_vectors,omitempty"`
	Flags       []glFlag       `json:"flags,omitempty"`
	Location    glLocation     `json:"location"`
}

type glIdentifier struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

type glCVSS struct {
	Vendor string `json:"vendor"`
	Vector string `json:"vector"`
}

type glFlag struct {
	Type        string `json:"type"`
	Origin      string `json:"origin"`
	Description string `json:"description"`
}

type glLocation struct {
	Dependency      glDependency `json:"dependency"`
	OperatingSystem string       `json:"operating_system"`
	Image           string       `json:"image"`
}

type glDependency struct {
	Package glPackage `json:"package"`
	Version string    `json:"version"`
}

type glPackage struct {
	Name string `json:"name"`
}

var glSeverity = map[string]string{
	"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "negligible": "Info", "unrated": "Unknown",
}

// gitlabVector is what GitLab's schema takes as a CVSS vector: v2 bare,
// v3.0 or v3.1 with prefix.
var gitlabVector = regexp.MustCompile(`^(CVSS:3\.[01]/)?AV:`)

// GitLab writes a GitLab container-scanning report (format 15.2.1, as
// GitLab's security dashboard and merge-request widget read it): one
// vulnerability per finding with its ID and aliases as identifiers, the
// severity as a policy rates it, the CVSS v2 and v3 vectors, a solution
// naming the fixed version, and the package, the distro and the image as
// location. A finding whose status is not_affected, or that a statement
// (not_affected or fixed, from a VEX document or the distro) waived, is
// flagged as a
// likely false positive; a waiver or a failing rule is stated in the
// description. Gaps, and a release past the end of its support, are scan
// messages (level "warn"). scan.status is
// "failure" when the verdict fails. Start and end times are the match
// time and the verdict's time (UTC), so the output is deterministic;
// vulnerability IDs are UUID-shaped digests of the finding.
func GitLab(w io.Writer, in Input) error {
	v := prepare(in)
	tool := glTool{ID: v.in.Tool.Name, Name: v.in.Tool.Name, URL: v.in.Tool.URI, Version: cmpOr(v.in.Tool.Version, "0.0.0"), Vendor: glVendor{Name: v.in.Tool.Name}}
	end := v.res.Matched
	status := "success"
	if vd := in.Verdict; vd != nil {
		end = vd.At
		if !vd.Pass {
			status = "failure"
		}
	}
	rep := glReport{Version: GitLabSchemaVersion, Vulnerabilities: []glVuln{}, Remediations: []struct{}{}, Scan: glScan{
		Analyzer: tool, Scanner: tool, Type: "container_scanning", Status: status,
		StartTime: glTime(v.res.Matched), EndTime: glTime(end),
	}}
	for _, g := range v.res.Gaps {
		rep.Scan.Messages = append(rep.Scan.Messages, glMessage{Level: "warn",
			Value: "not covered, so unknown rather than clean: " + gapText(g.Ecosystem, g.Release.String(), g.Packages, g.Why)})
	}
	if text, _ := v.endOfLife(); text != "" {
		rep.Scan.Messages = append(rep.Scan.Messages, glMessage{Level: "warn", Value: text})
	}
	osName := "unknown"
	if d := v.res.Distro; d != nil {
		osName = cmpOr(d.Name, strings.TrimSpace(d.ID+" "+d.VersionID))
	}
	image := cmpOr(v.target(), "unknown")
	if d := v.res.Source; d != nil && d.Digest != "" {
		image += "@" + d.Digest
	}
	for _, r := range v.bySeverity() {
		f := r.f
		gv := glVuln{
			ID: uuidOf(fingerprint(r) + "\x00" + f.Package.Version), Name: f.Vulnerability, Severity: glSeverity[r.rating.Severity],
			Description: strings.TrimSpace(f.Summary + "\n\n" + resultMessage(r)),
			Location: glLocation{
				Dependency:      glDependency{Package: glPackage{Name: f.Package.Name}, Version: f.Package.Version},
				OperatingSystem: osName, Image: image,
			},
		}
		if len(f.Fixed) > 0 {
			gv.Solution = fmt.Sprintf("Upgrade %s to %s or later.", f.Package.Name, f.Fixed[0])
		}
		for _, id := range append([]string{f.Vulnerability}, f.Aliases...) {
			gv.Identifiers = append(gv.Identifiers, glIdentifier{Type: idType(id), Name: id, Value: id})
		}
		for _, s := range f.Severities {
			if gitlabVector.MatchString(s.Vector) && len(gv.CVSSVectors) < 10 {
				gv.CVSSVectors = append(gv.CVSSVectors, glCVSS{Vendor: cmpOr(s.Source, "unknown"), Vector: s.Vector})
			}
		}
		switch {
		case r.waiver != nil && r.waiver.Statement != "":
			gv.Flags = append(gv.Flags, glFlag{Type: "flagged-as-likely-false-positive", Origin: v.in.Tool.Name, Description: r.waiver.Reason})
		case r.f.Status == advisory.StatusNotAffected:
			gv.Flags = append(gv.Flags, glFlag{Type: "flagged-as-likely-false-positive", Origin: v.in.Tool.Name, Description: notAffected(r)})
		}
		rep.Vulnerabilities = append(rep.Vulnerabilities, gv)
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("report: gitlab: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// glTime writes t as GitLab's schema wants it: UTC, no zone.
func glTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

// idType is the identifier type GitLab uses for an ID: "cve", "ghsa",
// or the ID's prefix lowercased.
func idType(id string) string {
	if p, _, ok := strings.Cut(id, "-"); ok && p != "" {
		return strings.ToLower(p)
	}
	return "id"
}

// uuidOf formats the first 16 bytes of s's SHA-256 as a version 8 UUID.
func uuidOf(s string) string {
	h := sha256.Sum256([]byte(s))
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
