// Command loadline is the reference command-line program of the loadline
// library, built on its public API only.
//
//	loadline sbom [-o table|json[=FILE]]... [--platform OS/ARCH[/VARIANT]] TARGET
//
// TARGET is anything scan/source opens: registry:REF, docker-archive:PATH,
// oci-layout:PATH, oci-archive:PATH, dir:PATH, or a bare path or reference
// whose kind is detected; or sbom:FILE, an SBOM document of any format
// sbom/sbomfile reads, taken in place of a scan (so -o converts it).
// Flags may come before or after the target.
//
// SBOM documents are reproducible: SOURCE_DATE_EPOCH, when set, is their
// creation time (SPDX requires one; without it, the current time).
//
// Exit codes: 0 success, 2 a usage or input error (unknown flag, missing
// target, a target that cannot be opened, a file that is not an SBOM),
// 3 a scan error (or an SBOM that does not decode).
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
