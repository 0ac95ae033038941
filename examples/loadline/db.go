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
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/csaf/redhat"
	"github.com/loadline/loadline/advisory/cve5"
	"github.com/loadline/loadline/advisory/dbimage"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/oval"
	"github.com/loadline/loadline/advisory/secdb"
	dbupdate "github.com/loadline/loadline/advisory/update"
)

// dbFlags are the flags every db subcommand shares.
type dbFlags struct {
	path    string
	mirror  string
	verbose bool
	now     func() time.Time // the clock: which Alpine branches are supported, how old a feed is
}

func newDB(now func() time.Time) *cobra.Command {
	f := &dbFlags{now: now}
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Update, import, inspect, push and pull the advisory database",
		Long: `Keep the advisory database that matching reads: fetch the feeds (osv.dev's
archives, NVD, CISA KEV, EPSS), import them from local files, report how
fresh each is, push it to an OCI registry and pull it from one (build it
once, scan with it everywhere).

The database is one file, by default advisories.db in loadline's directory
of the user's cache (` + defaultDBHint() + `). Every write is atomic: a
failed or interrupted update leaves the previous database as it was.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("db: unknown subcommand %q (want update, import, status, push or pull)", args[0])}
			}
			return usageError{fmt.Errorf("db takes a subcommand: update, import, status, push or pull")}
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.PersistentFlags().StringVar(&f.path, "db", "", "database file (default "+defaultDBHint()+")")
	cmd.PersistentFlags().BoolVarP(&f.verbose, "verbose", "v", false, "report every problem found in the feeds")
	cmd.AddCommand(newDBUpdate(f), newDBImport(f), newDBStatus(f), newDBPush(f), newDBPull(f))
	return cmd
}

func defaultDBHint() string { return filepath.Join("$XDG_CACHE_HOME", "loadline", "advisories.db") }

// dbPath returns the database path, creating its directory if create.
func (f *dbFlags) dbPath(create bool) (string, error) {
	p := f.path
	if p == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return "", usageError{fmt.Errorf("--db: no user cache directory (%w); give --db PATH", err)}
		}
		p = filepath.Join(dir, "loadline", "advisories.db")
	}
	if create {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
	}
	return p, nil
}

// feeds returns the feeds named, or the default ones when none is: a
// default feed, for a name "osv-<Ecosystem>" not among them that osv.dev
// ecosystem, for "alpine-<branch>-<repo>" that Alpine secdb file, and for
// import also cve5, "osv" (OSV data of any ecosystem), "alpine" (any
// Alpine secdb file), "redhat-advisories" (Red Hat's CSAF RHSA documents) and "redhat-oval"
// (an OVAL file), which are not fetched by default.
func (f *dbFlags) feeds(names []string, forImport bool) ([]dbupdate.Feed, error) {
	defaults := dbupdate.DefaultFeeds(dbupdate.Defaults{NVDAPIKey: os.Getenv("NVD_API_KEY"), Mirror: f.mirror, Now: f.now()})
	if len(names) == 0 {
		return defaults, nil
	}
	known := defaults
	if forImport {
		known = slices.Concat(defaults, []dbupdate.Feed{&cve5.Feed{}, named{&osv.Feed{}, "osv"}, &secdb.Feed{},
			&redhat.Feed{Advisories: true}, &oval.Feed{}})
	}
	var out []dbupdate.Feed
	for _, n := range names {
		i := slices.IndexFunc(known, func(k dbupdate.Feed) bool { return feedKey(k.Name()) == feedKey(n) })
		eco, isOSV := strings.CutPrefix(n, "osv-")
		branch, repo, isAlpine := alpineFeed(n)
		switch {
		case i >= 0:
			out = append(out, known[i])
		case isAlpine:
			a := secdb.AlpineFeed(branch, repo)
			if f.mirror != "" {
				a.URL = strings.TrimSuffix(f.mirror, "/") + "/alpine/" + branch + "/" + repo + ".json"
			}
			out = append(out, a)
		case isOSV && eco != "":
			o := &osv.Feed{Ecosystem: eco}
			if f.mirror != "" {
				o.URL = strings.TrimSuffix(f.mirror, "/") + "/osv/" + eco + "/all.zip"
			}
			out = append(out, o)
		default:
			var all []string
			for _, k := range known {
				all = append(all, feedKey(k.Name()))
			}
			return nil, usageError{fmt.Errorf("unknown feed %q (known: %s; or osv-<Ecosystem> as osv.dev names it, or alpine-<branch>-<repo>)", n, strings.Join(all, ", "))}
		}
	}
	return out, nil
}

// alpineFeed reads a name "alpine-v3.19-main" or "alpine-edge-community"
// as an Alpine secdb branch and repository.
func alpineFeed(name string) (branch, repo string, ok bool) {
	rest, ok := strings.CutPrefix(name, "alpine-")
	if !ok {
		return "", "", false
	}
	branch, repo, ok = strings.Cut(rest, "-")
	if !ok || repo == "" || (branch != "edge" && !strings.HasPrefix(branch, "v")) {
		return "", "", false
	}
	return branch, repo, true
}

// feedKey is a feed name as compared: lower case, spaces as dashes
// ("osv-rocky-linux" names "osv-rocky linux").
func feedKey(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", "-")
}

// named gives an advisory.Feed another name.
type named struct {
	advisory.Feed
	name string
}

func (n named) Name() string { return n.name }

func newDBUpdate(f *dbFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update [flags] [FEED...]",
		Short: "Fetch the advisory feeds into the database",
		Long: `Fetch each FEED, or every default feed, and write what changed into the
database. A feed unchanged since the last update is skipped (conditional
requests); a feed that fails keeps its old data.

The default feeds are osv.dev's archives of the language ecosystems
(osv-pypi, osv-npm, osv-go, osv-crates.io, osv-maven, osv-rubygems,
osv-nuget, osv-packagist, osv-pub, osv-hex, osv-swifturl, osv-conancenter)
and of the distributions (osv-debian, osv-ubuntu, osv-alpine,
osv-chainguard, osv-wolfi, osv-red-hat, osv-rocky-linux, osv-almalinux,
osv-suse, osv-opensuse), the distributions' own data (debian: the
security tracker; debian-dsa, debian-dla; alpine-<branch>-<repo> for each
supported Alpine branch, main and community; wolfi; chainguard; redhat-vex:
Red Hat's CSAF VEX; ubuntu-vex: Ubuntu's OpenVEX), then
nvd, kev and epss. Any other osv.dev ecosystem is osv-<Ecosystem>, spelt
as osv.dev spells it; any Alpine secdb file alpine-<branch>-<repo>
("alpine-v3.19-main").

A first update is long: NVD's API pages through every CVE under a rate
limit, about 15 minutes; set NVD_API_KEY to an NVD API key to make it
about 2. Later updates ask NVD only whether anything changed.`,
		Example: `  loadline db update
  loadline db update osv-pypi osv-debian
  NVD_API_KEY=... loadline db update nvd`,
		RunE: func(cmd *cobra.Command, args []string) error {
			feeds, err := f.feeds(args, false)
			if err != nil {
				return err
			}
			path, err := f.dbPath(true)
			if err != nil {
				return err
			}
			p := newProgress(cmd.ErrOrStderr(), f.verbose, feeds)
			res, err := dbupdate.Update(cmd.Context(), path, feeds, &dbupdate.Options{Progress: p.event, Now: f.now})
			p.finish()
			return summarize(res, err)
		},
	}
	cmd.Flags().StringVar(&f.mirror, "mirror", "", "fetch every feed from this mirror `URL` (<URL>/osv/<Ecosystem>/all.zip, <URL>/nvd, <URL>/kev/..., <URL>/epss/...)")
	return cmd
}

func newDBImport(f *dbFlags) *cobra.Command {
	var feed string
	cmd := &cobra.Command{
		Use:   "import [--feed NAME] PATH",
		Short: "Read a feed from a local file or directory into the database",
		Long: `Read PATH into the database as the data of one feed, replacing that
feed's data and keeping the others': for offline use.

PATH is a file in the form the feed publishes (an osv.dev all.zip or OSV
JSON, an NVD API 2.0 response, a CVE JSON 5 record, the KEV catalog, an
EPSS file) or a directory of such files. --feed names the feed as db update
does, or cve5; the default, osv, takes OSV data of any ecosystem.`,
		Example: `  loadline db import ./PyPI-all.zip --feed osv-pypi
  loadline db import ./osv-records/
  loadline db import --feed kev known_exploited_vulnerabilities.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("db import takes one PATH, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			feeds, err := f.feeds([]string{feed}, true)
			if err != nil {
				return err
			}
			if _, err := os.Stat(args[0]); err != nil {
				return usageError{fmt.Errorf("db import: %w", err)}
			}
			path, err := f.dbPath(true)
			if err != nil {
				return err
			}
			p := newProgress(cmd.ErrOrStderr(), f.verbose, feeds)
			r, err := dbupdate.Import(cmd.Context(), path, feeds[0], args[0], &dbupdate.Options{Progress: p.event, Now: f.now})
			p.finish()
			if r.Feed == "" {
				return err
			}
			return summarize([]dbupdate.Result{r}, err)
		},
	}
	cmd.Flags().StringVar(&feed, "feed", "osv", "the feed `NAME` the data is stored under")
	return cmd
}

// summarize returns the error of an update: nil when every feed
// updated or was unchanged.
func summarize(res []dbupdate.Result, err error) error {
	if res == nil {
		return err
	}
	failed := 0
	for _, r := range res {
		if r.Outcome == dbupdate.Failed {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("db: %d of %d feeds failed; the database keeps their previous data", failed, len(res))
	}
	return nil
}

func newDBStatus(f *dbFlags) *cobra.Command {
	var maxAge time.Duration
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Report the database's feeds, their records and their age",
		Long: `Report the database's build time and size and, per feed, its records,
when its data was fetched, its age and fingerprint. A feed older than
--max-age is marked stale.

A feed's age is that of its data: an update that finds a feed unchanged does
not rewrite it, so a feed that seldom changes (KEV) ages between changes;
an imported feed is as old as its files' modification time.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 0 {
				return usageError{fmt.Errorf("db status takes no arguments, got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := f.dbPath(false)
			if err != nil {
				return err
			}
			st, err := readStatus(cmd.Context(), path)
			if err != nil {
				return err
			}
			return printStatus(cmd.OutOrStdout(), st, f.now(), maxAge)
		},
	}
	cmd.Flags().DurationVar(&maxAge, "max-age", 48*time.Hour, "age past which a feed is stale")
	return cmd
}

func readStatus(ctx context.Context, path string) (boltstore.Status, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return boltstore.Status{}, usageError{fmt.Errorf("db status: no database at %s (run loadline db update)", path)}
	}
	s, err := boltstore.Open(ctx, path, nil)
	if err != nil {
		return boltstore.Status{}, err
	}
	defer s.Close()
	return s.Status(ctx)
}

func printStatus(w io.Writer, st boltstore.Status, now time.Time, maxAge time.Duration) error {
	fmt.Fprintf(w, "Database: %s\nBuilt:    %s (%s ago)\nRecords:  %d\n\n", st.Path, st.Built.UTC().Format(time.RFC3339), age(st.Age(now)), st.Records)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tRECORDS\tFETCHED\tAGE\tSTATE\tFINGERPRINT")
	stale := 0
	for _, fd := range st.Feeds {
		fetched, ago, mark := "-", "-", "-"
		if !fd.Fetched.IsZero() {
			fetched, ago = fd.Fetched.UTC().Format(time.RFC3339), age(fd.Age(now))
			if fd.Age(now) > maxAge {
				mark, stale = "stale", stale+1
			} else {
				mark = "fresh"
			}
		}
		fp := string(fd.Fingerprint)
		if len(fp) > 40 {
			fp = fp[:39] + "…"
		}
		if fp == "" {
			fp = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", fd.Name, fd.Records, fetched, ago, mark, fp)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if stale > 0 {
		_, err := fmt.Fprintf(w, "\n%d of %d feeds are older than %s: run loadline db update\n", stale, len(st.Feeds), age(maxAge))
		return err
	}
	return nil
}

// age formats a duration coarsely: "45s", "12m", "5h", "3d".
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

func newDBPush(f *dbFlags) *cobra.Command {
	var insecure bool
	cmd := &cobra.Command{
		Use:   "push [--db PATH] REF",
		Short: "Push the database to an OCI registry",
		Long: `Push the database to the registry as the OCI artifact REF names
(REGISTRY/REPOSITORY:TAG), for loadline db pull to fetch: build the database
once, in a scheduled job (loadline db update, then loadline db push), and let
every scanner pull it.

The artifact (type application/vnd.loadline.advisory-db.v1) holds the
database compressed with zstd, annotated with its format version, build
time, record count and feeds; one database always makes the same artifact.
Credentials come from the Docker configuration (docker login) and the
credential helpers it names. The artifact's reference by digest is printed
on standard output.`,
		Example: `  loadline db update && loadline db push ghcr.io/example/loadline-db:latest
  loadline db push --db ./advisories.db registry.example:5000/security/advisories:2026-11-23`,
		Args: oneRef("push"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := f.dbPath(false)
			if err != nil {
				return err
			}
			fi, err := os.Stat(path)
			if errors.Is(err, fs.ErrNotExist) {
				return usageError{fmt.Errorf("db push: no database at %s (run loadline db update)", path)}
			}
			t := newTransfer(cmd.ErrOrStderr())
			res, err := dbimage.Push(cmd.Context(), args[0], path, &dbimage.Options{Insecure: insecure, Progress: t.event})
			t.clear()
			if err != nil {
				return imageError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: pushed, %s (%s, %s compressed)\n", args[0], built(res.Status), size(fi.Size()), size(res.Size))
			_, err = fmt.Fprintln(cmd.OutOrStdout(), res.Ref)
			return err
		},
	}
	cmd.Flags().BoolVar(&insecure, "insecure", false, "allow a plain HTTP registry")
	return cmd
}

func newDBPull(f *dbFlags) *cobra.Command {
	var insecure bool
	cmd := &cobra.Command{
		Use:   "pull [--db PATH] REF",
		Short: "Pull the database from an OCI registry",
		Long: `Pull the database that loadline db push pushed to REF (a tag or a digest)
into place, to scan with it at once instead of fetching every feed.

The artifact's type and format version are checked before anything is
downloaded: a database of another format version (pushed by an older or
newer loadline) is refused. When the database in place already is the
artifact's, nothing is downloaded. The new database is checked (digest,
size, that it opens and is what the artifact says) before it replaces the
old one: a failed or interrupted pull leaves the old database as it was.
Credentials come from the Docker configuration, as for db push. The
artifact's reference by digest is printed on standard output.`,
		Example: `  loadline db pull ghcr.io/example/loadline-db:latest && loadline scan alpine:3.19
  loadline db pull --db ./advisories.db registry.example:5000/security/advisories@sha256:...`,
		Args: oneRef("pull"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := f.dbPath(true)
			if err != nil {
				return err
			}
			t := newTransfer(cmd.ErrOrStderr())
			res, err := dbimage.Pull(cmd.Context(), args[0], path, &dbimage.Options{Insecure: insecure, Progress: t.event})
			t.clear()
			if err != nil {
				return imageError(err)
			}
			outcome := "pulled"
			if res.NotModified {
				outcome = "not modified"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s, %s (%s)\n", args[0], outcome, built(res.Status), size(res.Size))
			_, err = fmt.Fprintln(cmd.OutOrStdout(), res.Ref)
			return err
		},
	}
	cmd.Flags().BoolVar(&insecure, "insecure", false, "allow a plain HTTP registry")
	return cmd
}

// oneRef checks that db push or pull has one argument, the reference.
func oneRef(verb string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageError{fmt.Errorf("db %s takes one REF, got %d arguments", verb, len(args))}
		}
		return nil
	}
}

// imageError marks the errors of db push and pull that are the user's
// to fix (a bad reference, not a database, not a database artifact, a
// database of another format version) as usage errors.
func imageError(err error) error {
	for _, e := range []error{dbimage.ErrReference, dbimage.ErrArtifactType, boltstore.ErrFormat, boltstore.ErrVersion} {
		if errors.Is(err, e) {
			return usageError{err}
		}
	}
	return err
}

// built says what a database holds: "107 records built 2026-11-23T12:00:00Z".
func built(st boltstore.Status) string {
	return plural(st.Records, "record") + " built " + st.Built.UTC().Format(time.RFC3339)
}

// transfer shows a push or pull on standard error: on a terminal, a
// progress line redrawn in place (the stage, a bar); elsewhere nothing,
// the command's one line being all a CI log gets.
type transfer struct {
	w     io.Writer
	tty   bool
	drawn bool
}

func newTransfer(w io.Writer) *transfer {
	return &transfer{w: w, tty: isTerminal(w)}
}

func (t *transfer) event(e dbimage.Event) {
	if t.tty {
		fmt.Fprintf(t.w, "\r\033[K%-11s %s", e.Stage, bar(e.Done, e.Total))
		t.drawn = true
	}
}

// clear removes the progress line.
func (t *transfer) clear() {
	if t.drawn {
		fmt.Fprint(t.w, "\r\033[K")
		t.drawn = false
	}
}
