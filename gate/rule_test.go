package gate

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// base is an affected deb finding in the application layer (1), with a
// CVSS 3.1 score of 7.5, a fix published 10 days ago, in KEV, EPSS 0.2.
func base() view {
	return view{
		ids:       []string{"CVE-2024-0001", "DSA-5555-1"},
		purl:      "pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12",
		ecosystem: "deb",
		layer:     1,
		status:    "affected",
		fixed:     []string{"3.0.11-1~deb12u2"},
		fixDate:   now.Add(-10 * 24 * time.Hour),
		scores:    map[string]float64{"3.1": 7.5},
		distro:    "medium",
		kev:       true,
		epss:      ptr(0.2),
	}
}

func with(edit func(*view)) view {
	v := base()
	edit(&v)
	return v
}

func TestFails(t *testing.T) {
	tests := []struct {
		name   string
		rule   Rule
		f      view
		base   int // Policy.BaseLayers
		want   bool
		reason string
	}{
		// No condition: every finding in scope fails.
		{name: "empty rule", rule: Rule{}, f: base(), want: true, reason: "in the rule's scope"},

		// maxCvss: equal passes, above fails.
		{name: "cvss equal", rule: Rule{MaxCVSS: ptr(7.5)}, f: base(), want: false},
		{name: "cvss just above", rule: Rule{MaxCVSS: ptr(7.4)}, f: base(), want: true, reason: "CVSS 3.1 score 7.5 above 7.4"},
		{name: "cvss 0 max, score 0", rule: Rule{MaxCVSS: ptr(0.0)}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 0} }), want: false},
		{name: "cvss 10 max", rule: Rule{MaxCVSS: ptr(10.0)}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 10} }), want: false},
		{name: "cvss v4 preferred", rule: Rule{MaxCVSS: ptr(7.0)}, f: with(func(v *view) { v.scores = map[string]float64{"4.0": 6.9, "3.1": 9.8} }), want: false},
		{name: "cvss v3.1 over v3.0 and v2", rule: Rule{MaxCVSS: ptr(7.0)}, f: with(func(v *view) { v.scores = map[string]float64{"3.0": 5, "3.1": 7.1, "2.0": 4} }), want: true, reason: "CVSS 3.1 score 7.1 above 7"},
		{name: "cvss v3.0 over v2", rule: Rule{MaxCVSS: ptr(7.0)}, f: with(func(v *view) { v.scores = map[string]float64{"3.0": 5, "2.0": 10} }), want: false},
		{name: "cvss v2 last", rule: Rule{MaxCVSS: ptr(7.0)}, f: with(func(v *view) { v.scores = map[string]float64{"2.0": 7.2} }), want: true, reason: "CVSS 2.0 score 7.2 above 7"},
		{name: "chosen version", rule: Rule{MaxCVSS: ptr(7.0), ScoreFrom: []string{"2.0"}}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 9.8, "2.0": 5} }), want: false},
		{name: "chosen version missing: unrated", rule: Rule{MaxCVSS: ptr(7.0), ScoreFrom: []string{"4.0"}}, f: base(), want: true, reason: "unrated (no rating from 4.0), so above 7"},
		{name: "distro when no score: high is 8.9", rule: Rule{MaxCVSS: ptr(8.8)}, f: with(func(v *view) { v.scores = nil; v.distro = "high" }), want: true, reason: "distro rating high score 8.9 above 8.8"},
		{name: "distro when no score: at band top passes", rule: Rule{MaxCVSS: ptr(8.9)}, f: with(func(v *view) { v.scores = nil; v.distro = "important" }), want: false},
		{name: "distro first when chosen", rule: Rule{MaxCVSS: ptr(6.9), ScoreFrom: []string{"distro", "3.1"}}, f: with(func(v *view) { v.distro = "Moderate" }), want: false},
		{name: "distro unknown word falls through", rule: Rule{MaxCVSS: ptr(7.0), ScoreFrom: []string{"distro", "3.1"}}, f: with(func(v *view) { v.distro = "not yet assigned" }), want: true, reason: "CVSS 3.1 score 7.5 above 7"},
		{name: "unrated fails maxCvss", rule: Rule{MaxCVSS: ptr(10.0)}, f: with(func(v *view) { v.scores = nil; v.distro = "" }), want: true, reason: "unrated (no rating from 4.0, 3.1, 3.0, 2.0, distro), so above 10"},
		{name: "negligible distro is 0", rule: Rule{MaxCVSS: ptr(0.0)}, f: with(func(v *view) { v.scores = nil; v.distro = "unimportant" }), want: false},

		// minSeverity: the CVSS rating bands, inclusive at the lower edge.
		{name: "severity high at 7.0", rule: Rule{MinSeverity: "high"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 7.0} }), want: true, reason: "severity high (CVSS 3.1) at least high"},
		{name: "severity medium at 6.9", rule: Rule{MinSeverity: "high"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 6.9} }), want: false},
		{name: "severity critical at 9.0", rule: Rule{MinSeverity: "critical"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 9.0} }), want: true, reason: "severity critical (CVSS 3.1) at least critical"},
		{name: "severity high at 8.9", rule: Rule{MinSeverity: "critical"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 8.9} }), want: false},
		{name: "severity low at 0.1", rule: Rule{MinSeverity: "low"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 0.1} }), want: true, reason: "severity low (CVSS 3.1) at least low"},
		{name: "severity none at 0", rule: Rule{MinSeverity: "low"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 0} }), want: false},
		{name: "severity negligible at 0", rule: Rule{MinSeverity: "negligible"}, f: with(func(v *view) { v.scores = map[string]float64{"3.1": 0} }), want: true, reason: "severity negligible (CVSS 3.1) at least negligible"},
		{name: "severity from distro", rule: Rule{MinSeverity: "high", ScoreFrom: []string{"distro"}}, f: base(), want: false},
		{name: "severity unrated fails", rule: Rule{MinSeverity: "critical"}, f: with(func(v *view) { v.scores = nil; v.distro = "" }), want: true, reason: "unrated (no rating from 4.0, 3.1, 3.0, 2.0, distro), so at least critical"},

		// fixedOnly, ignoreStatuses.
		{name: "fixed only, fixed", rule: Rule{FixedOnly: true}, f: base(), want: true, reason: "fixed in 3.0.11-1~deb12u2"},
		{name: "fixed only, unfixed", rule: Rule{FixedOnly: true}, f: with(func(v *view) { v.fixed = nil }), want: false},
		{name: "ignore will_not_fix", rule: Rule{IgnoreStatuses: []string{"will_not_fix"}}, f: with(func(v *view) { v.status = "will_not_fix"; v.fixed = nil }), want: false},
		{name: "ignore will_not_fix, affected", rule: Rule{IgnoreStatuses: []string{"will_not_fix"}}, f: base(), want: true, reason: "in the rule's scope"},
		{name: "ignore under_investigation", rule: Rule{IgnoreStatuses: []string{"under_investigation"}}, f: with(func(v *view) { v.status = "under_investigation" }), want: false},

		// kev.
		{name: "kev listed", rule: Rule{KEV: true}, f: base(), want: true, reason: "listed in CISA KEV"},
		{name: "kev not listed", rule: Rule{KEV: true}, f: with(func(v *view) { v.kev = false }), want: false},

		// maxEpss: equal passes, above fails, none passes.
		{name: "epss equal", rule: Rule{MaxEPSS: ptr(0.2)}, f: base(), want: false},
		{name: "epss above", rule: Rule{MaxEPSS: ptr(0.19999)}, f: base(), want: true, reason: "EPSS 0.2 above 0.19999"},
		{name: "epss none", rule: Rule{MaxEPSS: ptr(0.0)}, f: with(func(v *view) { v.epss = nil }), want: false},
		{name: "epss 1 never fails", rule: Rule{MaxEPSS: ptr(1.0)}, f: with(func(v *view) { v.epss = ptr(1.0) }), want: false},

		// maxFixAge: exactly the age passes, a nanosecond more fails.
		{name: "fix age equal", rule: Rule{MaxFixAge: ptr(10 * 24 * time.Hour)}, f: base(), want: false},
		{name: "fix age just over", rule: Rule{MaxFixAge: ptr(10*24*time.Hour - time.Nanosecond)}, f: base(), want: true, reason: "fix 3.0.11-1~deb12u2 published 2026-11-13, 10 days ago, over 9 days 23h59m59.999999999s"},
		{name: "fix age over", rule: Rule{MaxFixAge: ptr(7 * 24 * time.Hour)}, f: base(), want: true, reason: "fix 3.0.11-1~deb12u2 published 2026-11-13, 10 days ago, over 7 days"},
		{name: "fix age unknown date", rule: Rule{MaxFixAge: ptr(365 * 24 * time.Hour)}, f: with(func(v *view) { v.fixDate = time.Time{} }), want: true, reason: "fix 3.0.11-1~deb12u2 published at an unknown date (maximum age 365 days)"},
		{name: "fix age no fix", rule: Rule{MaxFixAge: ptr(time.Duration(0))}, f: with(func(v *view) { v.fixed = nil }), want: false},
		{name: "fix in the future", rule: Rule{MaxFixAge: ptr(time.Duration(0))}, f: with(func(v *view) { v.fixDate = now.Add(time.Hour) }), want: false},

		// Conditions AND.
		{name: "and: both hold", rule: Rule{KEV: true, MaxCVSS: ptr(7.0)}, f: base(), want: true, reason: "listed in CISA KEV; CVSS 3.1 score 7.5 above 7"},
		{name: "and: one fails", rule: Rule{KEV: true, MaxCVSS: ptr(8.0)}, f: base(), want: false},
		{name: "and: all", rule: Rule{KEV: true, FixedOnly: true, MaxEPSS: ptr(0.1), MaxFixAge: ptr(24 * time.Hour), MaxCVSS: ptr(7.0), MinSeverity: "high"}, f: base(), want: true,
			reason: "listed in CISA KEV; fixed in 3.0.11-1~deb12u2; EPSS 0.2 above 0.1; fix 3.0.11-1~deb12u2 published 2026-11-13, 10 days ago, over 1 day; CVSS 3.1 score 7.5 above 7; severity high (CVSS 3.1) at least high"},

		// Scopes.
		{name: "package pattern", rule: Rule{Packages: []string{"pkg:deb/debian/openssl"}}, f: base(), want: true, reason: "in the rule's scope"},
		{name: "package pattern other", rule: Rule{Packages: []string{"pkg:deb/debian/zlib*"}}, f: base(), want: false},
		{name: "package pattern one of", rule: Rule{Packages: []string{"pkg:npm/*", "pkg:deb/*/openssl"}}, f: base(), want: true, reason: "in the rule's scope"},
		{name: "package pattern version", rule: Rule{Packages: []string{"pkg:deb/debian/openssl@3.0.11-1~deb12u1"}}, f: base(), want: true, reason: "in the rule's scope"},
		{name: "package pattern other version", rule: Rule{Packages: []string{"pkg:deb/debian/openssl@3.0.11-1~deb12u2"}}, f: base(), want: false},
		{name: "ecosystem", rule: Rule{Ecosystems: []string{"rpm", "deb"}}, f: base(), want: true, reason: "in the rule's scope"},
		{name: "ecosystem other", rule: Rule{Ecosystems: []string{"npm"}}, f: base(), want: false},
		{name: "layers application", rule: Rule{Layers: LayersApplication}, f: base(), base: 1, want: true, reason: "in the rule's scope"},
		{name: "layers base", rule: Rule{Layers: LayersBase}, f: base(), base: 1, want: false},
		{name: "layers base, layer 1 of 2", rule: Rule{Layers: LayersBase}, f: base(), base: 2, want: true, reason: "in the rule's scope"},
		{name: "layers application, layer 1 of 2", rule: Rule{Layers: LayersApplication}, f: base(), base: 2, want: false},
		{name: "layers unknown base count", rule: Rule{Layers: LayersBase}, f: base(), base: 0, want: true, reason: "in the rule's scope"},
		{name: "layers unknown layer", rule: Rule{Layers: LayersBase}, f: with(func(v *view) { v.layer = -1 }), base: 1, want: true, reason: "in the rule's scope"},
		{name: "scope then condition", rule: Rule{Ecosystems: []string{"deb"}, KEV: true}, f: with(func(v *view) { v.kev = false }), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, got := fails(&tt.rule, &tt.f, tt.base, now)
			if got != tt.want || reason != tt.reason {
				t.Errorf("fails = %q, %v; want %q, %v", reason, got, tt.reason, tt.want)
			}
		})
	}
}

func TestMatchPURL(t *testing.T) {
	tests := []struct {
		pattern, purl string
		want          bool
	}{
		{"pkg:deb/debian/openssl", "pkg:deb/debian/openssl@3.0.11-1?arch=amd64", true},
		{"pkg:deb/debian/openssl", "pkg:deb/debian/openssl-dev@3.0.11-1", false},
		{"pkg:deb/debian/openssl*", "pkg:deb/debian/openssl-dev@3.0.11-1", true},
		{"pkg:deb/debian/openssl@*", "pkg:deb/debian/openssl@3.0.11-1?arch=amd64", true},
		{"pkg:deb/debian/openssl@3.*", "pkg:deb/debian/openssl@3.0.11-1", true},
		{"pkg:deb/debian/openssl@1.*", "pkg:deb/debian/openssl@3.0.11-1", false},
		{"pkg:deb/debian/openssl@3.0.11-1", "pkg:deb/debian/openssl", false},
		{"pkg:deb/*", "pkg:deb/ubuntu/bash@5", true},
		{"pkg:*", "pkg:golang/github.com/a/b@v1.0.0#sub/dir", true},
		{"pkg:golang/github.com/*/b", "pkg:golang/github.com/x/y/b@v1.0.0", true},
		{"pkg:npm/@babel/core", "pkg:npm/%40babel/core@7.24.0", true},
		{"pkg:npm/%40babel/*", "pkg:npm/%40babel/core@7.24.0", true},
		{"pkg:npm/@babel/*@7.*", "pkg:npm/%40babel/core@7.24.0", true},
		{"pkg:npm/*core*", "pkg:npm/%40babel/core@7.24.0", true},
		{"pkg:npm/a*b*c", "pkg:npm/abc@1", true},
		{"pkg:npm/a*b*c", "pkg:npm/acb@1", false},
		{"pkg:npm/a*a", "pkg:npm/a@1", false},
		{"pkg:npm/a**", "pkg:npm/a@1", true},
		{"pkg:NPM/a", "pkg:npm/a@1", false},
	}
	for _, tt := range tests {
		if got := matchPURL(tt.pattern, tt.purl); got != tt.want {
			t.Errorf("matchPURL(%q, %q) = %v, want %v", tt.pattern, tt.purl, got, tt.want)
		}
	}
}

func TestExceptionActive(t *testing.T) {
	e := Exception{Expires: day("2026-12-31")}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC), true},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 1, 1, 0, 0, 0, 1, time.UTC), false},
		// Midnight UTC, whatever the zone now is written in.
		{time.Date(2026, 12, 31, 18, 59, 59, 0, time.FixedZone("EST", -5*3600)), true},
		{time.Date(2026, 12, 31, 19, 0, 0, 0, time.FixedZone("EST", -5*3600)), false},
		{time.Date(2027, 1, 1, 0, 59, 59, 0, time.FixedZone("CET", 3600)), true},
	}
	for _, tt := range tests {
		if got := e.Active(tt.at); got != tt.want {
			t.Errorf("Active(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
	if !(&Exception{}).Active(now) {
		t.Error("an exception without an expiry is not active")
	}
}

func TestRate(t *testing.T) {
	got := rate(&view{scores: map[string]float64{"3.0": 5.3}, distro: "critical"}, nil)
	if diff := cmp.Diff(rating{source: "CVSS 3.0", score: 5.3, level: medium}, got, cmp.AllowUnexported(rating{})); diff != "" {
		t.Errorf("rate (-want +got):\n%s", diff)
	}
}
