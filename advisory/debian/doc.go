// Package debian reads the Debian security tracker's data into the
// advisory model: the JSON export of every issue per source package and
// release (Tracker), and the lists of Debian Security Advisories and
// Debian LTS Advisories (List). It sits in the "advisories" step of the
// flow and implements the advisory.Feed seam, fetching with conditional
// requests through advisory/fetch; ParseDistributions reads the
// tracker's list of the releases it follows.
//
// Releases are keyed as images report them (advisory.ReleaseOf):
// bookworm is debian/12, from a table of codenames (buzz to duke) and any
// Distributions given; sid stays debian/sid (as the OSV feed's
// "Debian:sid"). An entry for another codename is skipped, and counted
// in a line to the feed's Logger.
//
// What the export ({package: {issue: {description, scope, debianbug,
// releases: {codename: {status, fixed_version, urgency, nodsa,
// nodsa_reason, repositories}}}}}) becomes: one Advisory per issue
// (CVE- or TEMP- ID), in ID order, with one Affected per source package
// and release (ecosystem "deb", Package the source package, in package
// then release order). An issue's packages lie far apart in the export,
// so Tracker.Parse notes where each issue is in a first pass and reads
// the issues one at a time in a second (bounded memory). Per release:
//
//   - resolved, fixed_version "0": StatusNotAffected, Reason
//     "fixed_version 0: never affected";
//   - resolved, fixed_version X: StatusAffected, fixed in X (the range
//     introduced "0", fixed X);
//   - open: StatusAffected with no fix; StatusWillNotFix when
//     nodsa_reason is "ignored" or the urgency "end-of-life" (the
//     package is no longer supported there); "postponed" and plain
//     no-dsa stay affected. Reason carries the note:
//     "<nodsa_reason or no-dsa>: <nodsa>" ("ignored: Minor issue"),
//     after "end-of-life; " where that applies;
//   - undetermined: StatusUnderInvestigation.
//
// Severity is the urgency ("unimportant", "low", "medium", "high",
// "not yet assigned", "end-of-life"), without the "**" Debian appends to
// urgencies it took from NVD. Details is the first package's
// description (the tracker gives every package the same); References
// are the tracker's page of the issue and the packages' Debian bugs;
// Source is Feed "debian", Record the ID. The scope ("local", "remote")
// and the repositories' versions are not kept. An issue with no release
// (the export writes "releases": [] for some) yields nothing; a package
// whose issue is malformed, or a release whose status is unknown or
// resolved with no version, yields a *RecordError naming it
// ("openssl/CVE-2024-0727/bookworm") and the other packages and
// releases stand.
//
// What a list entry ("[11 Jul 2019] DSA-4480-1 redis - security update",
// then "{CVE-...}" and "[codename] - package version" lines) becomes: one
// Advisory with ID "DSA-4480-1", Aliases the IDs in braces, Summary the
// header's text after the ID, Published its date, one Affected per
// package line (fixed in the version; "<not-affected> (reason)":
// StatusNotAffected with the reason; "<end-of-life>": StatusWillNotFix;
// "<unfixed>": affected with no fix; an urgency in the line's note is
// its Severity), and Source Feed "debian-dsa" or "debian-dla". NOTE
// lines are skipped; an entry with no package line (an announcement)
// yields nothing; a malformed header or line yields a *RecordError
// naming its line, and the parse goes on.
package debian
