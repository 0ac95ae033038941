package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/sbomfile"
)

func newSBOM() *cobra.Command {
	var c common
	var outs []string
	cmd := &cobra.Command{
		Use:   "sbom [flags] TARGET",
		Short: "List what is installed in an image or root filesystem",
		Long: `List the packages installed in TARGET, each with its Package URL and the
layer that introduced it.

TARGET is registry:REF, docker-archive:PATH[:REF], oci-layout:PATH[:REF],
oci-archive:PATH[:REF], dir:PATH, or a bare path or reference whose kind is
detected; or sbom:FILE, an SBOM (CycloneDX 1.2-1.7 JSON or XML, SPDX 2.2 or
2.3 JSON or tag-value, told by its content) read in place of a scan, so that
-o converts it.`,
		Example: `  loadline sbom testdata/debian-12.tar
  loadline sbom -o json=inventory.json -o table docker.io/library/alpine:3.19
  loadline sbom -o cyclonedx-json=sbom.cdx.json oci-layout:./image
  loadline sbom -o spdx-json sbom:bom.cdx.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("sbom takes one TARGET, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := parseOutputs(outs, sbomFormats...)
			if err != nil {
				return err
			}
			inv, err := c.inventory(cmd.Context(), args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			return write(o, cmd.OutOrStdout(), func(w io.Writer, format string) error {
				return encodeInventory(w, inv, format)
			})
		},
	}
	c.register(cmd)
	cmd.Flags().StringArrayVarP(&outs, "output", "o", []string{"table"}, "output format: "+strings.Join(sbomFormats, ", ")+", optionally =FILE; repeatable")
	return cmd
}

// sbomFormats are the formats the sbom command writes.
var sbomFormats = []string{"table", "json", "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"}

// encodeInventory writes inv in format, one of sbomFormats. SPDX needs a
// creation time: SOURCE_DATE_EPOCH (the reproducible-builds convention)
// gives it when set, else the current time; CycloneDX gets a timestamp
// only from SOURCE_DATE_EPOCH.
func encodeInventory(w io.Writer, inv *sbom.Inventory, format string) error {
	created, err := sourceDate()
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return writeJSON(w, inv)
	case "table":
		return writeTable(w, inv)
	}
	k, err := sbomfile.ParseKind(format)
	if err != nil {
		return err
	}
	return sbomfile.Encode(w, inv, k, sbomfile.Options{Created: created})
}

// sourceDate returns the time SOURCE_DATE_EPOCH (seconds since 1970)
// names, or the zero time when it is not set.
func sourceDate() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970", s)}
	}
	return time.Unix(n, 0).UTC(), nil
}

func writeJSON(w io.Writer, inv *sbom.Inventory) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(inv)
}

// writeTable prints a summary of the image, then one line per package.
func writeTable(w io.Writer, inv *sbom.Inventory) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	layer := map[string]string{}
	if s := inv.Source; s != nil {
		fmt.Fprintf(tw, "Target:\t%s %s\n", s.Kind, s.Name)
		if s.Digest != "" {
			fmt.Fprintf(tw, "Digest:\t%s\n", s.Digest)
		}
		if s.ConfigDigest != "" {
			fmt.Fprintf(tw, "Image ID:\t%s %s\n", s.ConfigDigest, s.Platform)
		}
	}
	if d := inv.Distro; d != nil {
		fmt.Fprintf(tw, "Distro:\t%s\n", strings.TrimSpace(d.Name+" ("+d.ID+" "+d.VersionID+")"))
	} else {
		fmt.Fprintf(tw, "Distro:\tnone detected\n")
	}
	for _, l := range inv.Layers {
		layer[l.DiffID] = strconv.Itoa(l.Index)
		fmt.Fprintf(tw, "Layer %d:\t%s\t%s\t%s\n", l.Index, short(l.DiffID), size(l.Size), l.CreatedBy)
	}
	fmt.Fprintf(tw, "Packages:\t%d\n\n", len(inv.Packages))
	if err := tw.Flush(); err != nil {
		return err
	}

	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tTYPE\tARCH\tSOURCE\tLAYER")
	for _, p := range inv.Packages {
		src := ""
		if p.Origin != nil && (p.Origin.Name != p.Name || (p.Origin.Version != "" && p.Origin.Version != p.Version)) {
			src = p.Origin.Name
			if p.Origin.Version != "" && p.Origin.Version != p.Version {
				src += " " + p.Origin.Version
			}
		}
		l := layer[p.Layer]
		if p.LastLayer != "" {
			l += ", changed in " + layer[p.LastLayer]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, p.Version, p.Type, p.Arch, src, l)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(inv.Problems) > 0 {
		fmt.Fprintf(w, "\nProblems (%d): what could not be read\n", len(inv.Problems))
		for _, pr := range inv.Problems {
			where := strings.TrimSpace(pr.Path + " " + layerName(layer, pr.Layer))
			if where != "" {
				where += ": "
			}
			fmt.Fprintf(w, "  %s%s\n", where, pr.Message)
		}
	}
	return nil
}

func layerName(layer map[string]string, id string) string {
	if id == "" {
		return ""
	}
	if i, ok := layer[id]; ok {
		return "(layer " + i + ")"
	}
	return "(" + short(id) + ")"
}

// short abbreviates a digest for display.
func short(d string) string {
	alg, hex, ok := strings.Cut(d, ":")
	if !ok || len(hex) < 12 {
		return d
	}
	return alg + ":" + hex[:12]
}

func size(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
