// Command loadline is the reference command-line program of the loadline
// library, built on its public API only.
//
//	loadline sbom [-o FORMAT[=FILE]]... [--platform OS/ARCH[/VARIANT]] TARGET
//	loadline scan [--db PATH | --advisories FEED=PATH|DIR]... [--vex FILE]... [--policy FILE [--stage NAME]] [--fail-on SEVERITY [--only-fixed]] [--cpe] [--kernel-headers] [-o FORMAT[=FILE]]... TARGET
//	loadline gate --policy FILE | --fail-on SEVERITY [--only-fixed] [--stage NAME] [--vex FILE]... [-o FORMAT[=FILE]]... RESULT.json
//	loadline db update|import|status|push|pull [--db PATH] ...
//
// TARGET is anything scan/source opens: registry:REF, docker-archive:PATH,
// oci-layout:PATH, oci-archive:PATH, dir:PATH, or a bare path or reference
// whose kind is detected; or sbom:FILE, an SBOM document of any format
// sbom/sbomfile reads, taken in place of a scan (so sbom -o converts it).
// Flags may come before or after the target.
//
// sbom writes the inventory (table, json, cyclonedx-json, cyclonedx-xml,
// spdx-json, spdx-tag-value). scan matches it against the advisory
// database, or against local feed files (--advisories) imported into a
// temporary one, evaluates the policy's stage (VEX statements waiving what
// they say is not affected) and writes the reports (table, json, sarif,
// junit, gitlab, markdown, cyclonedx-json and cyclonedx-xml (the SBOM with
// its vulnerabilities), or the findings as VEX: openvex, cyclonedx-vex-json,
// cyclonedx-vex-xml); gate does the last two for a result scan -o json
// stored. db keeps the database: builds it from the feeds (update, import),
// says how fresh it is (status), and ships it as an OCI artifact (push,
// pull).
//
// SBOM documents are reproducible: SOURCE_DATE_EPOCH, when set, is their
// creation time (SPDX requires one; without it, the current time).
//
// Exit codes: 0 success (scan, gate: no policy, or the policy passed),
// 1 the policy failed, 2 a usage or input error (unknown flag, missing
// target, a target that cannot be opened, a file that is not an SBOM, a
// policy, VEX, result or feed file that does not read, no database), 3 a
// scan error (or an SBOM that does not decode).
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
