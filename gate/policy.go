package gate

import (
	"time"
)

// Policy says, for each lifecycle stage, which findings fail an image, and
// which findings are excused. ParsePolicy reads one from YAML or JSON
// (testdata/policy.yaml is a documented example); a Policy built in Go is
// used as written, without the checks ParsePolicy makes. The zero Policy
// has no stages, so evaluating any stage is an ErrUnknownStage. A Policy
// is not modified by evaluation and is safe for concurrent use.
//
// How the parts combine:
//   - Within a Rule every condition that is set must hold (AND), and the
//     finding must be in the rule's scope; a rule with no condition fails
//     every finding in its scope.
//   - The rules of a Stage are alternatives (OR): a finding fails the stage
//     when any enforcing rule fails it, and is reported once per rule.
//   - A failing finding is waived (and not a violation) when it carries a
//     not_affected or fixed statement (a VEX document or the distro says
//     so), or when an active Exception names it. Waivers never hide a
//     Gap.
//   - "Always fail on KEV" is a rule of its own with KEV set: since rules
//     OR, no other rule's thresholds can excuse a KEV-listed finding; only
//     an exception or a not_affected statement waives it.
type Policy struct {
	// BaseLayers is how many of the image's first layers are the base
	// image, the rest being the application's; 0 means unknown, and then
	// Rule.Layers scopes take in every finding (never clean by omission).
	BaseLayers int
	// Stages are the lifecycle stages by name: "build", "registry",
	// "runtime", or any name the policy's author chooses.
	Stages map[string]Stage
	// Exceptions excuse findings in every stage they name, until they
	// expire.
	Exceptions []Exception
}

// Mode says what a failing rule does.
type Mode string

// The modes. A Stage's zero Mode is ModeEnforce; a Rule's zero Mode is its
// stage's.
const (
	// ModeEnforce: a failing finding is a Violation and the verdict fails.
	ModeEnforce Mode = "enforce"
	// ModeWarn: a failing finding is a Warning; the verdict still passes.
	ModeWarn Mode = "warn"
	// ModeOff: the rule (or the coverage check) is not evaluated.
	ModeOff Mode = "off"
)

// Stage is the rules of one lifecycle stage.
type Stage struct {
	// Mode is the mode of the stage's rules that do not set their own;
	// "" means ModeEnforce.
	Mode Mode
	// Coverage is the mode of the coverage check: every Gap of the match
	// result (an ecosystem or release with packages but no advisory data)
	// is a Violation under ModeEnforce, a Warning under ModeWarn, and is
	// ignored under ModeOff. "" means ModeEnforce: an image is never
	// clean by omission.
	Coverage Mode
	// EndOfLife is the mode of the end-of-life check: when the match
	// result's release has reached the end of its standard security
	// support at the evaluation time (match.Result.Support, Ended), that
	// is one entry (rule "endOfLife") among the Violations under
	// ModeEnforce or the Warnings under ModeWarn, since the release's feed
	// no longer receives fixes. "" means ModeOff: unlike Coverage the
	// check is asked for, so that policies written before it keep their
	// verdicts. A release in extended support only (Ubuntu ESM, Debian
	// LTS) has ended its standard support; the reason names the extended
	// support's end. A result whose release's support is unknown passes.
	EndOfLife Mode
	// Rules are the stage's rules, in the policy's order; their names are
	// unique within the stage.
	Rules []Rule
}

// Layers scopes a rule to the base image's layers or the application's.
type Layers string

// The layer scopes; "" means every layer.
const (
	LayersBase        Layers = "base"
	LayersApplication Layers = "application"
)

// Rule is one test a finding can fail. A finding is in the rule's scope
// when it matches Packages (if set), Ecosystems (if set) and Layers (if
// set); it fails the rule when, in addition, every condition that is set
// holds. The boundaries are inclusive on the passing side: a score equal
// to MaxCVSS passes, an EPSS score equal to MaxEPSS passes, a fix exactly
// MaxFixAge old passes.
type Rule struct {
	// Name identifies the rule in verdicts; unique within its stage.
	Name string
	// Mode overrides the stage's mode for this rule; "" inherits it.
	Mode Mode

	// Packages scopes the rule to findings whose package URL matches one
	// of these patterns (see "Package patterns" in the package doc); nil means every package.
	Packages []string
	// Ecosystems scopes the rule to these package URL types ("deb",
	// "npm"); nil means every ecosystem.
	Ecosystems []string
	// Layers scopes the rule to the base image or the application; ""
	// means both. A finding whose layer is unknown, or any finding when
	// Policy.BaseLayers is 0, is in both scopes.
	Layers Layers

	// MaxCVSS, when set, is the highest score that passes: the finding
	// fails when its score (see ScoreFrom) is above it, or when it has no
	// score from any of ScoreFrom's sources (unrated).
	MaxCVSS *float64
	// ScoreFrom is where a finding's score and severity come from, most
	// preferred first: CVSS versions "4.0", "3.1", "3.0", "2.0", and
	// "distro" for the distro's (or the advisory source's) own rating,
	// which counts as the top of its CVSS band (critical 10.0, high 8.9,
	// medium 6.9, low 3.9, negligible 0.0). nil means ["4.0", "3.1", "3.0", "2.0", "distro"];
	// ["3.1"] chooses CVSS 3.1 alone.
	ScoreFrom []string
	// MinSeverity, when set, is the lowest severity that fails:
	// "negligible", "low", "medium", "high" or "critical". The finding's
	// severity is the CVSS rating of its score, or the distro's rating
	// (see ScoreFrom); an unrated finding fails.
	MinSeverity string
	// FixedOnly: the finding fails only when a fixed version exists
	// (unfixed findings, will-not-fix ones among them, never fail).
	FixedOnly bool
	// IgnoreStatuses lists statuses ("will_not_fix",
	// "under_investigation") whose findings never fail this rule.
	IgnoreStatuses []string
	// KEV: the finding fails only when CISA's KEV catalog lists it.
	KEV bool
	// MaxEPSS, when set, is the highest EPSS score that passes: the
	// finding fails when its EPSS score is above it. A finding without
	// an EPSS score passes this condition.
	MaxEPSS *float64
	// MaxFixAge, when set, is the longest a known fix may go unapplied:
	// the finding fails when a fix exists and was published more than
	// MaxFixAge before the evaluation time, or was published at an
	// unknown time. A finding without a fix passes this condition.
	MaxFixAge *time.Duration
}

// Exception excuses the findings it names until it expires. Its JSON form
// (in a Verdict) uses lowerCamelCase names. It names a
// vulnerability (ID, matched against a finding's ID and its aliases), or
// packages (Packages, PURL patterns), or both (then both must match).
type Exception struct {
	// ID is a vulnerability ID ("CVE-2023-4863", "GHSA-...") or "" for
	// every vulnerability of Packages.
	ID string `json:"id,omitempty"`
	// Packages are package URL patterns (see "Package patterns" in the package doc); nil means every
	// package affected by ID.
	Packages []string `json:"packages,omitempty"`
	// Stages limits the exception to these stages; nil means all.
	Stages []string `json:"stages,omitempty"`
	// Reason, Owner: why the finding is accepted, and who accepted it.
	Reason string `json:"reason"`
	Owner  string `json:"owner"`
	// Expires is the last day the exception holds, as a UTC date
	// (midnight): it holds through 23:59:59.999... UTC of that day and
	// stops at the next midnight. ParsePolicy requires it.
	Expires time.Time `json:"expires,omitzero"`
	// Line is the exception's line in the policy file; 0 when built in
	// Go.
	Line int `json:"line,omitempty"`
}

// Active reports whether e still holds at now: before midnight UTC at the
// end of its Expires day. A zero Expires never expires.
func (e *Exception) Active(now time.Time) bool {
	if e.Expires.IsZero() {
		return true
	}
	y, m, d := e.Expires.UTC().Date()
	return now.Before(time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC))
}
