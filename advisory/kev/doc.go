// Package kev reads CISA's Known Exploited Vulnerabilities catalog (JSON
// or CSV) into a Catalog keyed by CVE ID. It sits on the advisory side of
// the flow: KEV membership attaches to advisories by CVE (see
// advisory.Advisory.CVE) rather than being an advisory itself, so the
// package exposes Parse and Catalog.Lookup rather than the advisory.Feed
// seam. DefaultURL names CISA's published JSON; fetching is left to the
// caller (or the feed fetcher).
package kev
