package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/loadline/loadline/advisory/boltstore"
	dbupdate "github.com/loadline/loadline/advisory/update"
	"github.com/loadline/loadline/match"
)

// scanFlags are the scan command's own flags; common and verdictFlags
// hold those it shares with sbom and gate.
type scanFlags struct {
	common
	verdictFlags
	db            string
	advisories    []string
	cpe           bool
	kernelHeaders bool
	maxDBAge      time.Duration
}

func newScan(now func() time.Time) *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan [flags] TARGET",
		Short: "Find the vulnerabilities of an image, a root filesystem or an SBOM, and gate them",
		Long: `Scan TARGET, match its packages against the advisory database, print the
findings and, with --policy, decide whether they pass the policy's stage.

TARGET is what sbom takes: registry:REF, docker-archive:PATH[:REF],
oci-layout:PATH[:REF], oci-archive:PATH[:REF], dir:PATH, a bare path or
reference whose kind is detected, or sbom:FILE (an SBOM of any format sbom
reads, matched without a scan).

The advisories come from the database (--db; loadline db update fills it),
or, with --advisories, from local feed files imported into a temporary
database for this run only, so that a scan needs no network and no prior
update. --advisories takes FEED=PATH, PATH a file or a directory of files
in the form the feed publishes, or DIR, a directory whose every entry is
named by its feed (the name up to its first dot: DIR/alpine/, DIR/osv/,
DIR/kev.json). FEED is any feed db import takes: osv (OSV records of any
ecosystem), osv-<Ecosystem>, alpine (Alpine secdb files),
alpine-<branch>-<repo>, wolfi, chainguard, debian (the security tracker's
JSON), debian-dsa, debian-dla, ubuntu-vex, nvd, kev, epss, cve5.

Packages of an ecosystem or a distro release that no loaded data covers are
gaps, listed with the findings: unknown, not clean. A policy enforces
coverage by default, so a gap fails it.

--fail-on SEVERITY is a policy of one rule without a file, as Grype's
--fail-on and Trivy's --exit-code with --severity: a finding of SEVERITY
or worse, or unrated, fails the stage (and, as in any policy, a gap does);
--only-fixed counts only findings with a fixed version, as Grype's
--only-fixed and Trivy's --ignore-unfixed, though the reports still list
every finding. With --policy, --fail-on adds its rule to the stage.

With --db, a database whose feeds are older than --max-db-age (5 days by
default, Grype's limit) makes a warning: vulnerabilities published since
are missing; the scan still runs.

The kernel's header packages (linux-libc-dev, linux-headers-*,
kernel-headers) are not matched against the kernel's advisories, as Grype
has it: they hold the kernel's interface, not its code. --kernel-headers
matches them.

--vex FILE (OpenVEX, CycloneDX or CSAF VEX) annotates the findings its
statements cover (the JSON report carries the statement; the findings stay
in every report), and a policy's verdict waives those its not_affected and
fixed statements cover, with the statement as the waiver's source.
-o cyclonedx-json and cyclonedx-xml write the image's SBOM with its
vulnerabilities as one CycloneDX 1.6 document, as Trivy's and Grype's
CycloneDX output does: the components sbom -o cyclonedx-json writes, and
one vulnerability per ID (source, aliases, CVSS and vendor ratings, fixed
versions, KEV and EPSS properties, the analysis of a --vex statement) whose
affects name the components it was found in. -o openvex,
cyclonedx-vex-json and cyclonedx-vex-xml write the findings alone as a VEX
document to publish beside the image.

Exit codes:
  0  no policy or --fail-on, or the policy passed (warnings allowed)
  1  the policy failed: at least one violation
  2  usage or input error: a flag, a target that cannot be opened, a policy,
     VEX or feed file that does not read, no database
  3  scan error: scanning or matching failed, no verdict`,
		Example: `  loadline scan --advisories testdata/advisories --policy testdata/policy.yaml testdata/alpine-3.19.tar
  loadline scan --policy policy.yaml --stage build -o sarif=results.sarif -o table registry:alpine:3.19
  loadline scan --advisories alpine=secdb/v3.19 --advisories osv=./osv-records sbom:bom.cdx.json
  loadline scan --advisories testdata/advisories -o cyclonedx-json=alpine.cdx.json testdata/alpine-3.19.tar
  loadline scan -o json=result.json docker-archive:app.tar && loadline gate --policy policy.yaml result.json
  loadline scan --fail-on high --only-fixed registry:debian:12`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("scan takes one TARGET, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("stage") && f.policy == "" && f.failOn == "" {
				return usageError{errors.New("--stage names a stage of the policy: give --policy or --fail-on too")}
			}
			return f.run(cmd.Context(), args[0], cmd.OutOrStdout(), cmd.ErrOrStderr(), now())
		},
	}
	f.common.register(cmd)
	f.verdictFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "", "advisory database `PATH` (default "+defaultDBHint()+")")
	fl.StringArrayVar(&f.advisories, "advisories", nil, "import local feed files into a temporary database for this run: `FEED=PATH` or DIR (entries named by feed); repeatable")
	fl.BoolVar(&f.cpe, "cpe", false, "also match packages no ecosystem data covers by their CPE names (NVD data; low confidence)")
	fl.DurationVar(&f.maxDBAge, "max-db-age", 5*24*time.Hour, "warn when the database's feeds are older than this (Grype's max-allowed-built-age); 0: never")
	fl.BoolVar(&f.kernelHeaders, "kernel-headers", false, "also match the kernel's header packages (linux-libc-dev, linux-headers-*, kernel-headers) against the kernel's advisories; off: they hold the kernel's interface, not its code")
	return cmd
}

func (f *scanFlags) run(ctx context.Context, target string, stdout, stderr io.Writer, now time.Time) error {
	// Everything the user gave is checked before the scan starts.
	outs, err := parseOutputs(f.outs, reportFormats...)
	if err != nil {
		return err
	}
	g, err := f.verdictFlags.load()
	if err != nil {
		return err
	}
	if f.db != "" && len(f.advisories) > 0 {
		return usageError{errors.New("--db and --advisories: give one (--advisories imports into a temporary database)")}
	}
	imports, err := parseAdvisories(f.advisories, now)
	if err != nil {
		return err
	}

	store, done, err := f.openStore(ctx, imports, stderr)
	if err != nil {
		return err
	}
	defer done()
	if len(imports) == 0 {
		if err := warnStale(ctx, store, now, f.maxDBAge, stderr); err != nil {
			return err
		}
	}
	inv, err := f.inventory(ctx, target, stderr)
	if err != nil {
		return err
	}
	m := &match.Matcher{Store: store, Exploits: store, CPE: f.cpe, KernelHeaders: f.kernelHeaders, Now: now}
	res, err := m.Match(ctx, inv)
	if err != nil {
		return err
	}
	return g.finish(inv, res, outs, stdout, now)
}

// warnStale writes a warning when feeds of the database are older than
// maxAge at now: vulnerabilities published since are missing from the
// scan, which still runs (a CI job may be pinned to a database on
// purpose).
func warnStale(ctx context.Context, s *boltstore.Store, now time.Time, maxAge time.Duration, w io.Writer) error {
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	stale := st.Stale(now, maxAge)
	if len(stale) == 0 {
		return nil
	}
	var names []string
	for _, f := range stale {
		names = append(names, f.Name)
	}
	fmt.Fprintf(w, "loadline: warning: %d of %d feeds of the advisory database are older than %s (%s): findings published since are missing; run loadline db update or db pull\n",
		len(stale), len(st.Feeds), age(maxAge), strings.Join(names, ", "))
	return nil
}

// openStore opens the database, or imports the feeds into a temporary
// one; done closes it and removes what was made. No database, one that is
// not (or of another format version), and a feed file that does not
// import are usage errors.
func (f *scanFlags) openStore(ctx context.Context, imports []feedImport, stderr io.Writer) (*boltstore.Store, func(), error) {
	path := f.db
	cleanup := func() {}
	if len(imports) > 0 {
		dir, err := os.MkdirTemp("", "loadline-scan-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		path = filepath.Join(dir, "advisories.db")
		var order []dbupdate.Feed
		for _, im := range imports {
			order = append(order, im.feed)
		}
		p := newProgress(stderr, f.verbose, order)
		opts := &dbupdate.Options{}
		if f.verbose {
			opts.Progress = p.event // a line per feed imported; quiet otherwise
		}
		for _, im := range imports {
			r, err := dbupdate.Import(ctx, path, im.feed, im.path, opts)
			p.clear()
			if err != nil {
				cleanup()
				if r.Outcome == dbupdate.Failed {
					return nil, nil, usageError{fmt.Errorf("--advisories %s: %w", im.spec, err)}
				}
				return nil, nil, err
			}
		}
	} else {
		if path == "" {
			dflt := &dbFlags{}
			p, err := dflt.dbPath(false)
			if err != nil {
				return nil, nil, err
			}
			path = p
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, usageError{fmt.Errorf("no advisory database at %s (run loadline db update or loadline db pull REF, or give --advisories)", path)}
		}
	}
	s, err := boltstore.Open(ctx, path, nil)
	if errors.Is(err, boltstore.ErrVersion) {
		cleanup()
		return nil, nil, usageError{fmt.Errorf("--db: %w (loadline db update rebuilds it)", err)}
	}
	if errors.Is(err, boltstore.ErrFormat) {
		cleanup()
		return nil, nil, usageError{fmt.Errorf("--db: %w", err)}
	} else if err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, func() { s.Close(); cleanup() }, nil
}

// feedImport is one feed's local data named by --advisories.
type feedImport struct {
	spec, name, path string // spec: as the user gave it
	feed             dbupdate.Feed
}

// parseAdvisories reads the --advisories values: FEED=PATH, or a
// directory whose entries are named by their feeds. A feed named twice
// is an error: its second import would replace the first.
func parseAdvisories(specs []string, now time.Time) ([]feedImport, error) {
	var out []feedImport
	add := func(spec, name, path string) error {
		if slices.ContainsFunc(out, func(im feedImport) bool { return im.name == name }) {
			return usageError{fmt.Errorf("--advisories: feed %s given twice", name)}
		}
		fd, err := localFeed(name, now)
		if err != nil {
			return fmt.Errorf("--advisories %s: %w", spec, err) // a usageError
		}
		if _, err := os.Stat(path); err != nil {
			return usageError{fmt.Errorf("--advisories: %w", err)}
		}
		out = append(out, feedImport{spec, name, path, fd})
		return nil
	}
	for _, s := range specs {
		if name, path, ok := strings.Cut(s, "="); ok {
			if err := add(s, name, path); err != nil {
				return nil, err
			}
			continue
		}
		entries, err := os.ReadDir(s)
		if err != nil {
			return nil, usageError{fmt.Errorf("--advisories %s: want FEED=PATH or a directory of feeds: %w", s, err)}
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			name, _, _ := strings.Cut(e.Name(), ".")
			path := filepath.Join(s, e.Name())
			if err := add(path, name, path); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// localFeed returns the feed that reads local data named name: any feed
// db import takes at now.
func localFeed(name string, now time.Time) (dbupdate.Feed, error) {
	fds, err := (&dbFlags{now: func() time.Time { return now }}).feeds([]string{name}, true)
	if err != nil {
		return nil, err
	}
	return fds[0], nil
}
