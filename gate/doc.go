// Package gate is the last step of the flow: it decides whether a match
// result passes a policy at one lifecycle stage (build, registry, runtime,
// or any stage a policy names), as NIST SP 800-190's quality gates ask.
//
// A Policy (ParsePolicy reads YAML or JSON; testdata/policy.yaml is a
// documented example) holds rules per stage and exceptions. Evaluate is
// pure: it takes the policy, the stage, the match result and the time, and
// returns a Verdict listing each violation with its rule and reason, each
// waiver with its source (an exception, or a not_affected statement of
// the distro or, with EvaluateVEX, of a VEX document), and
// warnings (rules in warn mode, expired exceptions). Verdict.ExitCode
// gives the code a CI step exits with (ExitPass, ExitFail; a command adds
// ExitUsage and ExitScanError). Package gate/report writes a result and
// its verdict as a table, JSON, SARIF, JUnit, GitLab's report or
// Markdown.
//
// # Combination
//
// The conditions of one rule AND together; the rules of a stage OR. Every
// boundary is inclusive on the passing side: a score equal to maxCvss
// passes, an EPSS score equal to maxEpss passes, a fix exactly maxFixAge
// old passes. An exception dated 2026-12-31 holds through the last
// instant of that day in UTC and stops at 2027-01-01T00:00:00Z.
//
// # Package patterns
//
// Rules and exceptions scope by package URL pattern: "pkg:TYPE/..." where
// "*" stands for any run of characters (slashes included) and everything
// else is literal. Qualifiers and subpath of the finding's package URL are
// ignored; so is its version when the pattern has no "@". So
// "pkg:deb/debian/openssl" and "pkg:deb/debian/openssl@*" both match
// pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64, and "pkg:npm/*"
// matches every npm package.
//
// # Never clean by omission
//
// A finding with no score from the rule's sources is unrated, and fails
// maxCvss and minSeverity; a fix whose date is unknown is older than any
// maxFixAge; a finding whose layer is unknown is in both layer scopes; and
// with coverage enforced (the default) every Gap of the match result, an
// ecosystem or release that no advisory data covers, is a violation.
//
// # End of life
//
// A stage's endOfLife check (off unless the policy asks for it) fails, or
// warns about, a result whose release has passed the end of its standard
// security support at the evaluation time (match.Result.Support, from
// advisory/eol): its feed no longer receives fixes, so its findings are
// not the whole story.
package gate
