package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// SARIF writes a SARIF 2.1.0 log of one run, as GitHub code scanning
// reads it: one rule per vulnerability (its summary, aliases and fixes as
// help, and "security-severity" set to its score so GitHub ranks it), and
// one result per finding, located at the package's record in the image
// (physical location: the record's path, line 1) and at the image and
// layer (logical location "IMAGE@DIGEST#LAYER", kind "resource"), with
// the package URL, image digest, layer, status, fixes and the failed rules
// as properties. A violation is level "error", a warning "warning", and a
// finding that passes or is waived "note" (a waived one, and one whose
// status is not_affected, also carries a suppression with the waiver's
// reason or the source that says so, which code scanning shows as
// dismissed); without a verdict the level
// follows the severity. Each result has a partial fingerprint from the
// vulnerability and the package without its version, so an alert stays
// one alert across upgrades that do not fix it. Gaps are tool execution
// notifications (level "error" when the coverage check fails), and so is
// a release past the end of its support (level "error" when the
// endOfLife check fails).
func SARIF(w io.Writer, in Input) error {
	v := prepare(in)
	run := sarif.NewRunWithInformationURI(v.in.Tool.Name, v.in.Tool.URI)
	if v.in.Tool.URI == "" {
		run.Tool.Driver.InformationURI = nil
	}
	if v.in.Tool.Version != "" {
		run.Tool.Driver.WithVersion(v.in.Tool.Version)
	}

	// Rules: one per vulnerability, sorted by ID.
	byVuln := map[string]*row{}
	var ids []string
	for i := range v.rows {
		r := &v.rows[i]
		if _, ok := byVuln[r.f.Vulnerability]; !ok {
			byVuln[r.f.Vulnerability] = r
			ids = append(ids, r.f.Vulnerability)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := byVuln[id]
		rule := run.AddRule(id).WithDescription(cmpOr(r.f.Summary, id))
		help := helpText(v, id)
		rule.WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help))
		rule.WithHelpURI(helpURI(id))
		props := sarif.NewPropertyBag().AddTag("security").AddTag("vulnerability")
		for _, c := range r.f.CWEs { // as CodeQL tags its rules: external/cwe/cwe-79
			props.AddTag("external/cwe/" + strings.ToLower(c))
		}
		if r.rating.Severity != "unrated" {
			props.Add("security-severity", fmt.Sprintf("%.1f", r.rating.Score))
			props.AddTag(r.rating.Severity)
		}
		rule.WithProperties(props)
	}

	for i := range v.rows {
		r := &v.rows[i]
		res := run.CreateResultForRule(r.f.Vulnerability).
			WithLevel(sarifLevel(r)).
			WithMessage(sarif.NewTextMessage(resultMessage(r)))
		uri := v.target()
		if len(r.f.Package.Locations) > 0 {
			uri = strings.TrimPrefix(r.f.Package.Locations[0], "/")
		}
		loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(cmpOr(uri, "image"))).
			WithRegion(sarif.NewRegion().WithStartLine(1)))
		image := cmpOr(v.target(), "image")
		if d := v.digest(); d != "" {
			image += "@" + d
		}
		if r.f.Package.Layer != "" {
			image += "#" + r.f.Package.Layer
		}
		loc.AddLogicalLocation(sarif.NewLogicalLocation().WithKind("resource").WithFullyQualifiedName(image).WithName(layerName(v, r.f.Package.Layer)))
		res.AddLocation(loc)
		res.WithPartialFingerprints(map[string]string{"loadline/v1": fingerprint(r)}) // AddPartialFingerprint writes to a nil map (go-sarif v3.3.1)
		props := sarif.NewPropertyBag().
			Add("purl", r.f.Package.PURL).
			Add("status", string(r.f.Status)).
			Add("severity", r.rating.Severity)
		if d := v.digest(); d != "" {
			props.Add("imageDigest", d)
		}
		if r.f.Package.Layer != "" {
			props.Add("layer", r.f.Package.Layer)
			props.Add("layerIndex", v.layerIndex(r.f.Package.Layer))
		}
		if len(r.f.Fixed) > 0 {
			props.Add("fixed", r.f.Fixed)
		}
		if names := ruleNames(r.failed); len(names) > 0 {
			props.Add("policyRules", names)
		}
		if r.state != stateNone {
			props.Add("verdict", string(r.state))
		}
		res.WithProperties(props)
		switch {
		case r.waiver != nil:
			res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(r.waiver.Reason))
		case r.f.Status == advisory.StatusNotAffected:
			res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(notAffected(r)))
		}
	}

	eolText, eolFailing := v.endOfLife()
	if len(v.res.Gaps) > 0 || in.Verdict != nil || eolText != "" {
		inv := sarif.NewInvocation().WithExecutionSuccessful(true)
		if vd := in.Verdict; vd != nil {
			inv.WithExitCode(vd.ExitCode())
			inv.WithProperties(sarif.NewPropertyBag().Add("stage", vd.Stage).Add("pass", vd.Pass))
		}
		level := map[bool]string{true: sarif.LevelError, false: sarif.LevelWarning}
		failing := map[string]bool{}
		for _, e := range v.gapFailed {
			failing[gapText(e.Gap.Ecosystem, e.Gap.Release.String(), e.Gap.Packages, e.Gap.Why)] = true
		}
		for _, g := range v.res.Gaps {
			text := gapText(g.Ecosystem, g.Release.String(), g.Packages, g.Why)
			inv.AddToolExecutionNotification(sarif.NewNotification().
				WithLevel(level[failing[text]]).
				WithMessage(sarif.NewTextMessage("not covered, so unknown rather than clean: " + text)))
		}
		if eolText != "" {
			inv.AddToolExecutionNotification(sarif.NewNotification().
				WithLevel(level[eolFailing]).
				WithMessage(sarif.NewTextMessage(eolText)))
		}
		run.AddInvocation(inv)
	}

	rep := sarif.NewReport()
	rep.AddRun(run)
	if err := rep.PrettyWrite(w); err != nil {
		return fmt.Errorf("report: sarif: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// notAffected says who said a not_affected finding is not affected.
func notAffected(r *row) string {
	for _, e := range r.f.Evidence {
		if e.Status == advisory.StatusNotAffected {
			return strings.TrimSuffix("not affected: "+e.Feed+" "+e.Advisory+": "+e.Reason, ": ")
		}
	}
	return "not affected"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func layerName(v *view, layer string) string {
	if i := v.layerIndex(layer); i >= 0 {
		return fmt.Sprintf("layer %d", i)
	}
	return "image"
}

// sarifLevel is a result's level: from the verdict, else the severity.
func sarifLevel(r *row) string {
	switch r.state {
	case stateFail:
		return sarif.LevelError
	case stateWarn:
		return sarif.LevelWarning
	case statePass, stateWaived:
		return sarif.LevelNote
	}
	switch r.rating.Severity {
	case "critical", "high":
		return sarif.LevelError
	case "medium", "unrated":
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// resultMessage says what the finding is and what the verdict made of it.
func resultMessage(r *row) string {
	var b strings.Builder
	p := r.f.Package
	fmt.Fprintf(&b, "%s %s (%s) is %s by %s", p.Name, p.Version, p.Type, statusWords(string(r.f.Status)), r.f.Vulnerability)
	if r.rating.Severity != "unrated" {
		fmt.Fprintf(&b, " (%s, %s %.1f)", r.rating.Severity, r.rating.Source, r.rating.Score)
	}
	if len(r.f.Fixed) > 0 {
		fmt.Fprintf(&b, "; fixed in %s", strings.Join(r.f.Fixed, ", "))
	} else {
		b.WriteString("; no fix")
	}
	b.WriteString(".")
	for _, e := range r.failed {
		fmt.Fprintf(&b, " Fails %s: %s.", e.Rule, e.Reason)
	}
	for _, e := range r.warned {
		if e.Rule != "" {
			fmt.Fprintf(&b, " Warning %s: %s.", e.Rule, e.Reason)
		} else {
			fmt.Fprintf(&b, " Warning: %s.", e.Reason)
		}
	}
	if r.waiver != nil {
		fmt.Fprintf(&b, " Waived: %s.", r.waiver.Reason)
	}
	return b.String()
}

func statusWords(s string) string { return strings.ReplaceAll(s, "_", " ") }

// helpText describes vulnerability id from the first finding of it.
func helpText(v *view, id string) string {
	var b strings.Builder
	for i := range v.rows {
		f := v.rows[i].f
		if f.Vulnerability != id {
			continue
		}
		fmt.Fprintf(&b, "%s", id)
		if len(f.Aliases) > 0 {
			fmt.Fprintf(&b, " (also %s)", strings.Join(f.Aliases, ", "))
		}
		if f.Summary != "" {
			fmt.Fprintf(&b, ": %s", f.Summary)
		}
		b.WriteString("\n\nSources:")
		for _, e := range f.Evidence {
			fmt.Fprintf(&b, "\n- %s %s", e.Feed, e.Advisory)
			if e.Range != "" {
				fmt.Fprintf(&b, " (affected %s)", e.Range)
			}
		}
		break
	}
	return b.String()
}

// fingerprint identifies a finding across versions of its package: the
// vulnerability and the package URL without version, qualifiers or
// subpath.
func fingerprint(r *row) string {
	sum := sha256.Sum256([]byte(r.f.Vulnerability + "\x00" + classname(r)))
	return hex.EncodeToString(sum[:16])
}

// helpURI is the page of vulnerability id that a code-scanning view
// links a rule to: NVD's for a CVE, GitHub's for a GHSA, OSV's (which
// knows every other ID OSV publishes) otherwise.
func helpURI(id string) string {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return "https://nvd.nist.gov/vuln/detail/" + id
	case strings.HasPrefix(id, "GHSA-"):
		return "https://github.com/advisories/" + id
	}
	return "https://osv.dev/vulnerability/" + id
}
