// Package nvd reads NVD CVE API 2.0 JSON into advisories. It sits on the
// advisory side of the flow and implements the advisory.Feed seam:
// Feed.Fetch pages through the API (2,000 CVEs a request, at NVD's rate
// limit, with an optional API key) into one response that Parse reads,
// and with an earlier fingerprint first asks whether any CVE changed.
//
// Each CVE becomes one advisory.Advisory: the English description as
// Details (its first line as Summary), published and lastModified times
// (NVD writes them without a zone; they are UTC), vulnStatus "Rejected"
// as Withdrawn (at lastModified), every CVSS metric (cvssMetricV2, V30,
// V31, V40), NVD's own (Primary) and the CNAs' (Secondary), as a
// Severity whose Source is the metric's source identifier and whose
// Score is computed from the vector by advisory/cvss, weaknesses as
// CWEs, references in order.
//
// Configurations become Affected entries known only by CPE: Ecosystem
// "", CPE the match criteria, Package its "vendor:product" (as written,
// escapes kept: the key a store files the entry under), and when the match gives version bounds one
// range of type ECOSYSTEM whose bounds are compared in the generic
// ordering of dotted versions (version's "generic" scheme, as CPE data
// writes versions). versionStartIncluding is introduced,
// versionEndExcluding fixed, versionEndIncluding last_affected; a range
// with only an upper bound is introduced "0". versionStartExcluding has
// no OSV form and is written as introduced (the bound itself is then
// over-matched). Only matches with vulnerable=true are kept. The
// configuration tree is flattened: AND nodes (an application running on
// a platform) keep their vulnerable matches as if alone, and negated
// nodes are dropped; the platform conditions are lost, which over-matches
// rather than misses.
package nvd
