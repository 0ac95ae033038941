// Package epss reads FIRST's Exploit Prediction Scoring System files
// (CSV, plain or gzip-compressed as published) into Scores keyed by CVE
// ID. It sits on the advisory side of the flow: an EPSS score attaches
// to advisories by CVE (see advisory.Advisory.CVE) rather than being an
// advisory, so the package exposes Parse and Scores.Lookup rather than
// the advisory.Feed seam. Feed fetches the published file (DefaultURL)
// and reads it into advisory.Exploitation records by CVE, the
// ExploitFeed seam of advisory/update.
package epss
