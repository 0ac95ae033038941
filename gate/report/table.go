package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/match"
)

// Table writes a terminal summary: the target and the verdict, a count of
// findings by severity, the findings (critical first) with their status,
// fix and verdict (a vulnerability CISA's KEV catalog lists marked
// "(KEV)"), then the violations, waivers and warnings with their
// reasons, and the gaps. A release past the end of its support is said
// under the target ("Distro:   Alpine 3.19: end of life since
// 2025-11-01"). Findings a distro says are not affected are
// counted, not listed (the JSON report lists them), unless the verdict
// names them. Plain text, columns aligned with spaces.
func Table(w io.Writer, in Input) error {
	v := prepare(in)
	bw := bufio.NewWriter(w)
	if t := v.target(); t != "" {
		fmt.Fprintf(bw, "Target:   %s", t)
		if d := v.digest(); d != "" {
			fmt.Fprintf(bw, " (%s)", d)
		}
		fmt.Fprintln(bw)
	}
	if text, _ := v.endOfLife(); text != "" {
		fmt.Fprintf(bw, "Distro:   %s\n", text)
	}
	if vd := in.Verdict; vd != nil {
		fmt.Fprintf(bw, "Verdict:  %s at stage %s: %s, %s, %s (exit code %d)\n",
			v.verdictWord(), vd.Stage, plural(len(vd.Violations), "violation"), plural(len(vd.Waivers), "waiver"),
			plural(len(vd.Warnings), "warning"), vd.ExitCode())
	}
	fmt.Fprintf(bw, "Findings: %d", len(v.rows))
	for i, n := range v.counts() {
		fmt.Fprintf(bw, ", %s %d", severityOrder[i], n)
	}
	fmt.Fprintf(bw, "; gaps: %d\n", len(v.res.Gaps))

	var listed []*row
	for _, r := range v.bySeverity() {
		if r.f.Status != advisory.StatusNotAffected || (r.state != statePass && r.state != "") {
			listed = append(listed, r)
		}
	}
	if len(listed) > 0 {
		fmt.Fprintln(bw)
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		head := "SEVERITY\tSCORE\tPACKAGE\tVERSION\tTYPE\tVULNERABILITY\tSTATUS\tFIXED IN"
		if in.Verdict != nil {
			head += "\tVERDICT"
		}
		fmt.Fprintln(tw, head)
		for _, r := range listed {
			line := strings.Join([]string{
				r.rating.Severity, score(r.rating), r.f.Package.Name, r.f.Package.Version, r.f.Package.Type,
				vulnCell(r.f), statusCell(r.f), dash(strings.Join(r.f.Fixed, ", ")),
			}, "\t")
			if in.Verdict != nil {
				line += "\t" + verdictCell(r)
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
	if n := len(v.rows) - len(listed); n > 0 {
		fmt.Fprintf(bw, "\n%s not listed: the distro says the package is not affected (-o json lists them).\n", plural(n, "finding"))
	}
	if vd := in.Verdict; vd != nil {
		section(bw, "Violations", vd.Violations)
		section(bw, "Waivers", vd.Waivers)
		section(bw, "Warnings", vd.Warnings)
	}
	if len(v.res.Gaps) > 0 {
		fmt.Fprintln(bw, "\nGaps (packages no advisory data covers; unknown, not clean):")
		for _, g := range v.res.Gaps {
			fmt.Fprintf(bw, "  %s\n", gapText(g.Ecosystem, g.Release.String(), g.Packages, g.Why))
		}
	}
	return bw.Flush()
}

// vulnCell is a finding's vulnerability, marked "(KEV)" when CISA's
// catalog of known exploited vulnerabilities lists it, as Grype marks it.
func vulnCell(f *match.Finding) string {
	if f.Exploitation != nil && f.Exploitation.KEV != nil {
		return f.Vulnerability + " (KEV)"
	}
	return f.Vulnerability
}

func section(w io.Writer, title string, es []gate.Entry) {
	if len(es) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, e := range es {
		fmt.Fprintf(w, "  %s\n", entryText(e))
	}
}

// entryText is one verdict entry on one line: what, which rule, why.
func entryText(e gate.Entry) string {
	var what string
	switch {
	case e.Finding != nil:
		what = e.Finding.Package.Name + "@" + e.Finding.Package.Version + " " + e.Finding.Vulnerability
	case e.Gap != nil, e.Support != nil: // the reason names the gap or release
	}
	rule := e.Rule
	if len(e.Rules) > 0 {
		rule = strings.Join(e.Rules, ", ")
	}
	if rule != "" {
		what = strings.TrimSpace(what + " [" + rule + "]")
	}
	return what + ": " + e.Reason
}

func gapText(eco, release string, n int, why string) string {
	s := eco
	if release != "" {
		s += " " + release
	}
	if s += fmt.Sprintf(" (%d packages)", n); n == 1 {
		s = strings.TrimSuffix(s, "s)") + ")"
	}
	if why != "" {
		s += ": " + why
	}
	return s
}

func verdictCell(r *row) string {
	switch r.state {
	case stateFail:
		return "FAIL " + strings.Join(ruleNames(r.failed), ",")
	case stateWarn:
		if names := ruleNames(r.warned); len(names) > 0 {
			return "WARN " + strings.Join(names, ",")
		}
		return "WARN"
	case stateWaived:
		if r.waiver.Exception != nil {
			return "waived (exception)"
		}
		return "waived (statement)"
	}
	return "pass"
}

func score(r gate.Rating) string {
	if r.Severity == "unrated" {
		return "-"
	}
	return fmt.Sprintf("%.1f", r.Score)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// plural returns "1 violation", "2 violations".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// statusCell is a finding's status, and what a VEX statement says of it
// when one applies ("affected, VEX not_affected").
func statusCell(f *match.Finding) string {
	if f.VEX != nil && f.VEX.Status != string(f.Status) {
		return string(f.Status) + ", VEX " + f.VEX.Status
	}
	return string(f.Status)
}
