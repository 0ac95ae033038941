package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/sbomfile"
	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/source"
)

// Exit codes (gate's: a CI step that runs scan or gate exits with them).
const (
	exitOK        = gate.ExitPass
	exitFail      = gate.ExitFail
	exitUsage     = gate.ExitUsage
	exitScanError = gate.ExitScanError
)

// usageError marks an error in what the user asked for.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run runs the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runAt(ctx, args, stdout, stderr, time.Now)
}

// runAt is run with the clock that stamps scans and verdicts.
func runAt(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	root := newRoot(stdout, stderr, now)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "loadline:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	if errors.Is(err, errPolicyFailed) {
		return exitFail
	}
	return exitScanError
}

func newRoot(stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	root := &cobra.Command{
		Use:           "loadline",
		Short:         "Find and govern vulnerabilities in container images",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newSBOM())
	root.AddCommand(newDB())
	root.AddCommand(newScan(now))
	root.AddCommand(newGate(now))
	return root
}

// common holds the flags every command that reads a target shares.
type common struct {
	platform string
	insecure bool
	verbose  bool
	project  bool
}

func (c *common) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.platform, "platform", "", "platform to pick from a multi-platform image, OS/ARCH[/VARIANT] (default linux and this machine's architecture)")
	f.BoolVar(&c.insecure, "insecure", false, "allow plain HTTP registries")
	f.BoolVarP(&c.verbose, "verbose", "v", false, "log progress to standard error")
	f.BoolVar(&c.project, "project", false, "TARGET is a source tree: read lockfiles and manifests instead of installed packages")
}

// inventory opens target and scans it, or reads it when it is an SBOM
// (sbom:FILE).
func (c *common) inventory(ctx context.Context, target string, stderr io.Writer) (*sbom.Inventory, error) {
	if file, ok := strings.CutPrefix(target, "sbom:"); ok {
		return c.readSBOM(ctx, file)
	}
	opts := &source.Options{Insecure: c.insecure}
	if c.platform != "" {
		p, err := source.ParsePlatform(c.platform)
		if err != nil {
			return nil, usageError{fmt.Errorf("--platform: %w", err)}
		}
		opts.Platform = p
	}
	t, err := source.Open(ctx, target, opts)
	if err != nil {
		return nil, usageError{err}
	}
	defer t.Close()
	s := &scan.Scanner{}
	if c.project {
		if t.Image != nil {
			return nil, usageError{fmt.Errorf("--project: %s is an image, not a source tree", t.Name)}
		}
		s.Catalogers = scan.ProjectCatalogers()
	}
	if c.verbose {
		s.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return s.Target(ctx, t)
}

// readSBOM reads an SBOM document of any format sbomfile knows. A file
// that cannot be opened, is no SBOM or is one sbomfile does not read is
// a usage error; a broken SBOM is not.
func (c *common) readSBOM(ctx context.Context, file string) (*sbom.Inventory, error) {
	switch {
	case c.project:
		return nil, usageError{fmt.Errorf("--project: sbom:%s is an SBOM, not a source tree", file)}
	case c.platform != "":
		return nil, usageError{fmt.Errorf("--platform: sbom:%s is an SBOM, not a multi-platform image", file)}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	inv, _, err := sbomfile.Decode(ctx, f)
	if errors.Is(err, sbomfile.ErrNotSBOM) || errors.Is(err, sbomfile.ErrUnsupported) {
		return nil, usageError{fmt.Errorf("%s: %w", file, err)}
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return inv, nil
}

// output is one -o flag: a format, and the file it goes to ("" for
// standard output).
type output struct{ format, file string }

func parseOutputs(specs []string, formats ...string) ([]output, error) {
	var out []output
	stdout := 0
	for _, s := range specs {
		f, file, _ := strings.Cut(s, "=")
		known := false
		for _, k := range formats {
			known = known || f == k
		}
		if !known {
			return nil, usageError{fmt.Errorf("-o %q: unknown format (want one of %s, optionally =FILE)", s, strings.Join(formats, ", "))}
		}
		if file == "" {
			stdout++
		}
		out = append(out, output{f, file})
	}
	if stdout > 1 {
		return nil, usageError{errors.New("-o: only one format can go to standard output; give the others =FILE")}
	}
	return out, nil
}

// write writes each output with enc, to its file or to stdout. A file is
// written whole or not at all: to a temporary file beside it, then
// renamed.
func write(outs []output, stdout io.Writer, enc func(w io.Writer, format string) error) error {
	for _, o := range outs {
		if o.file == "" {
			if err := enc(stdout, o.format); err != nil {
				return err
			}
			continue
		}
		if err := writeFile(o.file, func(w io.Writer) error { return enc(w, o.format) }); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(name string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(dirOf(name), ".loadline-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

func dirOf(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[:i+1]
	}
	return "."
}
