// Package kev reads CISA's Known Exploited Vulnerabilities catalog (JSON
// or CSV) into a Catalog keyed by CVE ID. It sits on the advisory side of
// the flow: KEV membership attaches to advisories by CVE (see
// advisory.Advisory.CVE) rather than being an advisory itself, so the
// package exposes Parse and Catalog.Lookup rather than the advisory.Feed
// seam. Feed fetches CISA's published JSON (DefaultURL) and reads it into
// advisory.Exploitation records by CVE, the ExploitFeed seam of
// advisory/update.
package kev
