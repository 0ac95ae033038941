package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/gate/report"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
)

// verdictFlags are the flags scan and gate share: what decides the
// verdict and where the reports go.
type verdictFlags struct {
	policy    string
	stage     string
	failOn    string
	onlyFixed bool
	vex       []string
	outs      []string
}

func (v *verdictFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&v.policy, "policy", "", "policy `FILE` (YAML or JSON) to decide a verdict with; none: report findings only, exit 0")
	f.StringVar(&v.stage, "stage", "build", "the policy's lifecycle `STAGE` to evaluate")
	f.StringVar(&v.failOn, "fail-on", "", "fail (exit 1) on a finding of `SEVERITY` or worse: negligible, low, medium, high, critical (an unrated finding fails too); without --policy, a policy of this one rule, with coverage enforced; with --policy, a rule added to its stage")
	f.BoolVar(&v.onlyFixed, "only-fixed", false, "with --fail-on: only findings with a fixed version fail (reports still list every finding)")
	f.StringArrayVar(&v.vex, "vex", nil, "VEX document `FILE` (OpenVEX, CycloneDX, CSAF) that annotates the findings it covers (kept, never removed); its not_affected and fixed statements waive them in a policy's verdict; repeatable")
	f.StringArrayVarP(&v.outs, "output", "o", []string{"table"}, "report format: "+strings.Join(reportFormats, ", ")+", optionally =FILE; repeatable")
}

// reportFormats are the formats scan and gate write, by -o name; gate
// cannot write bomFormats.
var reportFormats = []string{"table", "json", "sarif", "junit", "gitlab", "markdown", "openvex",
	"cyclonedx-json", "cyclonedx-xml", "cyclonedx-vex-json", "cyclonedx-vex-xml"}

// reportWriters write the formats that need the result alone.
var reportWriters = map[string]report.Writer{
	"table":              report.Table,
	"json":               report.JSON,
	"sarif":              report.SARIF,
	"junit":              report.JUnit,
	"gitlab":             report.GitLab,
	"markdown":           report.Markdown,
	"openvex":            vexWriter(vex.OpenVEX),
	"cyclonedx-vex-json": vexWriter(vex.CycloneDXJSON),
	"cyclonedx-vex-xml":  vexWriter(vex.CycloneDXXML),
}

// bomFormats are the formats that write the scanned inventory with its
// findings (vex.EncodeBOM): a scan's, not a stored result's.
var bomFormats = map[string]cyclonedx.Format{
	"cyclonedx-json": cyclonedx.JSON,
	"cyclonedx-xml":  cyclonedx.XML,
}

// bomWriter writes inv's SBOM with the result's findings as its
// vulnerabilities, one CycloneDX document stamped with the time of the
// match.
func bomWriter(inv *sbom.Inventory, f cyclonedx.Format) report.Writer {
	return func(w io.Writer, in report.Input) error {
		return vex.EncodeBOM(w, inv, in.Result, cyclonedx.Options{Format: f, Timestamp: in.Result.Matched})
	}
}

// vexWriter writes the result's findings as a VEX document of format
// (vex.FromResult: a statement per finding, about the package in the
// image), to publish beside the image; the verdict is not in it.
func vexWriter(format vex.Format) report.Writer {
	return func(w io.Writer, in report.Input) error {
		return vex.Encode(w, vex.FromResult(in.Result), vex.Options{Format: format, Tooling: "loadline"})
	}
}

// judge is what verdictFlags load: the policy (nil for none) and the VEX
// statements.
type judge struct {
	policy *gate.Policy
	stage  string
	vex    *vex.Index
}

// load reads the policy and the VEX documents. Either failing to read,
// and a stage the policy does not define, is a usage error.
func (v *verdictFlags) load() (*judge, error) {
	j := &judge{stage: v.stage}
	if v.onlyFixed && v.failOn == "" {
		return nil, usageError{errors.New("--only-fixed says which findings --fail-on counts: give --fail-on too")}
	}
	if v.failOn != "" && !slices.Contains(severities, v.failOn) {
		return nil, usageError{fmt.Errorf("--fail-on %q: want one of %s", v.failOn, strings.Join(severities, ", "))}
	}
	if v.policy != "" {
		data, err := os.ReadFile(v.policy)
		if err != nil {
			return nil, usageError{fmt.Errorf("--policy: %w", err)}
		}
		p, err := gate.ParsePolicy(data)
		if err != nil {
			return nil, usageError{fmt.Errorf("--policy %s: %w", v.policy, err)}
		}
		if _, ok := p.Stages[v.stage]; !ok {
			return nil, usageError{fmt.Errorf("--stage %s: %w", v.stage, unknownStage(p, v.stage))}
		}
		j.policy = p
	}
	if v.failOn != "" {
		if j.policy == nil {
			j.policy = &gate.Policy{Stages: map[string]gate.Stage{v.stage: {}}}
		}
		st := j.policy.Stages[v.stage]
		name := "fail-on-" + v.failOn
		if v.onlyFixed {
			name += "-fixed"
		}
		st.Rules = append(slices.Clip(st.Rules), gate.Rule{Name: name, Mode: gate.ModeEnforce, MinSeverity: v.failOn, FixedOnly: v.onlyFixed})
		j.policy.Stages[v.stage] = st
	}
	var docs []*vex.Document
	for _, name := range v.vex {
		doc, err := readVEX(name)
		if err != nil {
			return nil, usageError{fmt.Errorf("--vex: %w", err)}
		}
		docs = append(docs, doc)
	}
	if len(docs) > 0 {
		j.vex = vex.NewIndex(docs...)
	}
	return j, nil
}

// severities are the words --fail-on takes, least first.
var severities = []string{"negligible", "low", "medium", "high", "critical"}

// unknownStage returns Evaluate's error for a stage p lacks, which names
// the stages it has.
func unknownStage(p *gate.Policy, stage string) error {
	_, err := gate.Evaluate(p, stage, nil, time.Time{})
	return err
}

func readVEX(name string) (*vex.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := vex.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return doc, nil
}

// errPolicyFailed is returned when the verdict fails; run makes it exit
// code 1.
var errPolicyFailed = errors.New("policy failed")

// finish annotates the findings with the VEX statements that apply to
// them (vex.Apply), evaluates the policy at now, and writes the reports:
// inv is what was scanned, for bomFormats (nil for a stored result,
// which gate has checked asks for none). It returns errPolicyFailed
// (wrapped, with the count) when the verdict fails.
func (j *judge) finish(inv *sbom.Inventory, res *match.Result, outs []output, stdout io.Writer, now time.Time) error {
	in := report.Input{Result: res, Tool: report.Tool{Name: "loadline"}}
	vex.Apply(res, j.vex)
	if j.policy != nil {
		v, err := gate.Evaluate(j.policy, j.stage, res, now)
		if err != nil {
			return usageError{err} // load checked the stage
		}
		in.Verdict = v
	}
	err := write(outs, stdout, func(w io.Writer, format string) error {
		if f, ok := bomFormats[format]; ok {
			return bomWriter(inv, f)(w, in)
		}
		return reportWriters[format](w, in)
	})
	if err != nil {
		return err
	}
	if in.Verdict != nil && !in.Verdict.Pass {
		return fmt.Errorf("%w at stage %s: %s", errPolicyFailed, j.stage, plural(len(in.Verdict.Violations), "violation"))
	}
	return nil
}

func newGate(now func() time.Time) *cobra.Command {
	v := &verdictFlags{}
	cmd := &cobra.Command{
		Use:   "gate --policy FILE [flags] RESULT.json",
		Short: "Decide whether a stored scan result passes a policy, without rescanning",
		Long: `Evaluate a stored result at one of the policy's stages and write the
verdict's reports, as scan does: so that a registry or admission stage can
decide on the result of a CI scan without rescanning.

RESULT.json is what scan -o json wrote (the JSON report, whose stored
verdict is ignored) or a match result's own JSON. --vex waives findings as
scan does; the time of the verdict is now, so an exception that has expired
since the scan no longer waives.

-o cyclonedx-vex-json and cyclonedx-vex-xml write the findings as a VEX
document, as scan does. cyclonedx-json and cyclonedx-xml, the image's SBOM
with its vulnerabilities, need the scanned inventory, which a stored result
does not hold: scan writes them.

Exit codes: 0 the policy passed, 1 it failed, 2 a usage or input error (no
policy, a result, policy or VEX file that does not read, a format that
needs a scan).`,
		Example: `  loadline gate --policy policy.yaml --stage registry result.json
  loadline gate --policy policy.yaml -o sarif=gate.sarif -o table result.json
  loadline gate --fail-on high --only-fixed result.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("gate takes one RESULT.json, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if v.policy == "" && v.failOn == "" {
				return usageError{errors.New("gate needs --policy FILE or --fail-on SEVERITY")}
			}
			outs, err := parseOutputs(v.outs, reportFormats...)
			if err != nil {
				return err
			}
			for _, o := range outs {
				if _, ok := bomFormats[o.format]; ok {
					return usageError{fmt.Errorf("-o %s: the SBOM with its vulnerabilities needs the scanned inventory, which a stored result does not hold: run loadline scan -o %[1]s TARGET, or give -o cyclonedx-vex-%s for the findings alone", o.format, strings.TrimPrefix(o.format, "cyclonedx-"))}
				}
			}
			j, err := v.load()
			if err != nil {
				return err
			}
			res, err := readResult(args[0])
			if err != nil {
				return err
			}
			return j.finish(nil, res, outs, cmd.OutOrStdout(), now())
		},
	}
	v.register(cmd)
	return cmd
}

// readResult reads a stored match result or JSON report; a file that
// cannot be read or is neither is a usage error.
func readResult(name string) (*match.Result, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	res, err := report.ReadResult(f)
	if err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	return res, nil
}
