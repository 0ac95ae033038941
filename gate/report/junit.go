package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// junitSuites is the root; the windyroad schema gives it no attributes.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Name       string          `xml:"name,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Failure   *junitMessage `xml:"failure"`
}

type junitMessage struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit writes a JUnit XML report (the Ant format that CI systems read,
// valid against the windyroad JUnit.xsd): one test suite for the stage,
// one test case per finding (named "VULNERABILITY in NAME@VERSION",
// class the package URL without version) that fails when the finding is a
// violation (type: the rules; message and text: the reasons) and is
// skipped when waived, and one test case per gap (class "coverage") that
// fails when the coverage check does, and for a release past the end of
// its support one test case (class "endOfLife", named "support of
// alpine:3.19") that fails when the endOfLife check does (else the
// suite's system-out notes it). Without a verdict every affected
// finding fails and the others are skipped. Warnings go to the suite's
// system-out. The timestamp is the verdict's time, else the match time, in
// UTC; the host is "localhost" and times are 0, so the output is
// deterministic.
func JUnit(w io.Writer, in Input) error {
	v := prepare(in)
	at := v.res.Matched
	stage := "findings"
	if vd := in.Verdict; vd != nil {
		at, stage = vd.At, vd.Stage
	}
	s := junitSuite{
		Package: v.in.Tool.Name, Name: strings.TrimSpace(v.in.Tool.Name + " " + stage + " " + v.target()),
		Timestamp: at.UTC().Format("2006-01-02T15:04:05"), Hostname: "localhost", Time: "0",
	}
	prop := func(name, value string) {
		if value != "" {
			s.Properties = append(s.Properties, junitProperty{name, value})
		}
	}
	prop("stage", stage)
	prop("target", v.target())
	prop("digest", v.digest())
	if vd := in.Verdict; vd != nil {
		prop("verdict", v.verdictWord())
		prop("exitCode", fmt.Sprint(vd.ExitCode()))
	}
	var out strings.Builder
	for _, r := range v.bySeverity() {
		c := junitCase{Name: r.f.Vulnerability + " in " + r.f.Package.Name + "@" + r.f.Package.Version, Classname: classname(r), Time: "0"}
		switch {
		case r.state == stateFail:
			var reasons []string
			for _, e := range r.failed {
				reasons = append(reasons, e.Rule+": "+e.Reason)
			}
			c.Failure = &junitMessage{Type: strings.Join(ruleNames(r.failed), ","), Message: strings.Join(reasons, "; "), Text: resultMessage(r)}
		case r.state == stateWaived:
			c.Skipped = &junitMessage{Message: r.waiver.Reason}
		case r.state == stateNone && r.f.Status == "affected":
			c.Failure = &junitMessage{Type: "vulnerability", Message: resultMessage(r), Text: resultMessage(r)}
		case r.state == stateNone:
			c.Skipped = &junitMessage{Message: statusWords(string(r.f.Status))}
		}
		for _, e := range r.warned {
			fmt.Fprintf(&out, "warning: %s\n", entryText(e))
		}
		s.Cases = append(s.Cases, c)
	}
	failing := map[string]bool{}
	for _, e := range v.gapFailed {
		failing[gapText(e.Gap.Ecosystem, e.Gap.Release.String(), e.Gap.Packages, e.Gap.Why)] = true
	}
	for _, e := range v.gapWarned {
		fmt.Fprintf(&out, "warning: %s\n", entryText(e))
	}
	for _, g := range v.res.Gaps {
		text := gapText(g.Ecosystem, g.Release.String(), g.Packages, g.Why)
		c := junitCase{Name: "coverage of " + strings.TrimSpace(g.Ecosystem+" "+g.Release.String()), Classname: "coverage", Time: "0"}
		if failing[text] {
			c.Failure = &junitMessage{Type: "coverage", Message: "not covered: " + text, Text: "not covered, so unknown rather than clean: " + text}
		}
		s.Cases = append(s.Cases, c)
	}
	if text, failing := v.endOfLife(); text != "" {
		c := junitCase{Name: "support of " + v.res.Support.Release.String(), Classname: "endOfLife", Time: "0"}
		if failing {
			c.Failure = &junitMessage{Type: "endOfLife", Message: text, Text: text}
		} else {
			fmt.Fprintf(&out, "note: %s\n", text)
		}
		s.Cases = append(s.Cases, c)
	}
	s.SystemOut = out.String()
	for _, c := range s.Cases {
		s.Tests++
		if c.Failure != nil {
			s.Failures++
		}
		if c.Skipped != nil {
			s.Skipped++
		}
	}
	doc := junitSuites{Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report: junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// classname is the package URL without version, qualifiers or subpath,
// or type/name when the finding has no package URL.
func classname(r *row) string {
	p := r.f.Package.PURL
	if p == "" {
		return r.f.Package.Type + "/" + r.f.Package.Name
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		if j := strings.IndexByte(p[i:], '@'); j >= 0 {
			p = p[:i+j]
		}
	}
	return p
}
