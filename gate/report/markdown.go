package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/loadline/loadline/gate"
)

// MarkdownMaxFindings is how many findings Markdown lists in its
// collapsed section (critical first), so that a comment stays under the
// size limits of pull-request comments (65,536 characters on GitHub); a
// line then says how many were left out. Violations, waivers and warnings
// are always listed in full.
const MarkdownMaxFindings = 200

// Markdown writes a summary for a pull-request comment (GitHub-flavoured
// Markdown): a heading with the verdict, the target, a count of findings
// by severity, a release past the end of its support ("**Support:**
// Alpine 3.19: end of life since 2025-11-01"), tables of violations, waivers and warnings with their
// reasons, the gaps, and the findings (critical first, at most
// MarkdownMaxFindings) in a collapsed section.
func Markdown(w io.Writer, in Input) error {
	v := prepare(in)
	bw := bufio.NewWriter(w)
	switch vd := in.Verdict; {
	case vd == nil:
		fmt.Fprintf(bw, "### %s: %d findings\n\n", v.in.Tool.Name, len(v.rows))
	case vd.Pass:
		fmt.Fprintf(bw, "### %s: ✅ PASS at stage `%s`\n\n", v.in.Tool.Name, vd.Stage)
	default:
		fmt.Fprintf(bw, "### %s: ❌ FAIL at stage `%s`\n\n", v.in.Tool.Name, vd.Stage)
	}
	if t := v.target(); t != "" {
		fmt.Fprintf(bw, "Target: `%s`", t)
		if d := v.digest(); d != "" {
			fmt.Fprintf(bw, " (`%s`)", d)
		}
		fmt.Fprint(bw, "\n\n")
	}
	if text, _ := v.endOfLife(); text != "" {
		fmt.Fprintf(bw, "**Support:** %s\n\n", text)
	}
	fmt.Fprintln(bw, "| Severity | Findings |")
	fmt.Fprintln(bw, "| --- | ---: |")
	for i, n := range v.counts() {
		fmt.Fprintf(bw, "| %s | %d |\n", severityOrder[i], n)
	}
	if vd := in.Verdict; vd != nil {
		mdEntries(bw, "Violations", vd.Violations)
		mdEntries(bw, "Waivers", vd.Waivers)
		mdEntries(bw, "Warnings", vd.Warnings)
	}
	if len(v.res.Gaps) > 0 {
		fmt.Fprintf(bw, "\n**Not covered** (no advisory data: unknown, not clean)\n\n")
		for _, g := range v.res.Gaps {
			fmt.Fprintf(bw, "- %s\n", cell(gapText(g.Ecosystem, g.Release.String(), g.Packages, g.Why)))
		}
	}
	if len(v.rows) > 0 {
		fmt.Fprintf(bw, "\n<details><summary>All findings (%d)</summary>\n\n", len(v.rows))
		head, sep := "| Severity | Package | Version | Vulnerability | Status | Fixed in |", "| --- | --- | --- | --- | --- | --- |"
		if in.Verdict != nil {
			head, sep = head+" Verdict |", sep+" --- |"
		}
		fmt.Fprintln(bw, head)
		fmt.Fprintln(bw, sep)
		rows := v.bySeverity()
		for _, r := range rows[:min(len(rows), MarkdownMaxFindings)] {
			fmt.Fprintf(bw, "| %s %s | %s | %s | %s | %s | %s |", r.rating.Severity, score(r.rating), cell(r.f.Package.Name), cell(r.f.Package.Version),
				cell(vulnCell(r.f)), statusWords(string(r.f.Status)), cell(dash(strings.Join(r.f.Fixed, ", "))))
			if in.Verdict != nil {
				fmt.Fprintf(bw, " %s |", cell(verdictCell(r)))
			}
			fmt.Fprintln(bw)
		}
		if n := len(rows) - MarkdownMaxFindings; n > 0 {
			fmt.Fprintf(bw, "\n%d more findings are not listed here; the JSON, SARIF or table report has them all.\n", n)
		}
		fmt.Fprintln(bw, "\n</details>")
	}
	return bw.Flush()
}

func mdEntries(w io.Writer, title string, es []gate.Entry) {
	if len(es) == 0 {
		return
	}
	fmt.Fprintf(w, "\n**%s (%d)**\n\n", title, len(es))
	fmt.Fprintln(w, "| Package | Vulnerability | Rule | Reason |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, e := range es {
		pkg, vuln := "", "-"
		switch {
		case e.Finding != nil:
			pkg, vuln = e.Finding.Package.Name+" "+e.Finding.Package.Version, e.Finding.Vulnerability
		case e.Gap != nil:
			pkg = gapText(e.Gap.Ecosystem, e.Gap.Release.String(), e.Gap.Packages, "")
		case e.Support != nil:
			pkg = e.Support.Release.String()
		}
		rule := e.Rule
		if len(e.Rules) > 0 {
			rule = strings.Join(e.Rules, ", ")
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", cell(pkg), cell(vuln), cell(dash(rule)), cell(e.Reason))
	}
}

// cell makes s safe in a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
}
