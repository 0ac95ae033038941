package java

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// The caps Catalog keeps to. A fat jar of a few hundred MiB, its nested
// jars stored uncompressed, stays well inside them; a zip bomb does not.
const (
	maxArchive  = 1 << 30   // the archive file itself (WantsFile)
	maxDepth    = 4         // archives inside archives, below the file
	maxInflated = 1 << 30   // bytes inflated per archive file, all nested entries together
	maxNested   = 256 << 20 // one nested archive, inflated
	maxMeta     = 1 << 20   // one MANIFEST.MF or pom.properties
	maxErrors   = 64        // errors kept per archive file; the rest are counted
)

// ErrTooLarge is wrapped by the errors of Archive.Catalog for an archive
// file, or an entry of one, over a size cap: a zip bomb, or an archive
// too large to read whole.
var ErrTooLarge = errors.New("over the size cap")

// ErrTooDeep is wrapped by the errors of Archive.Catalog for an archive
// nested deeper than it reads (four archives below the file).
var ErrTooDeep = errors.New("nested too deep")

// limits are the caps, apart so that tests can make them small.
type limits struct {
	depth                  int
	inflated, nested, meta int64
}

func defaults() limits {
	return limits{depth: maxDepth, inflated: maxInflated, nested: maxNested, meta: maxMeta}
}

// Archive finds the Maven artifacts in Java archives: .jar, .war, .ear,
// and Jenkins plugins (.jpi, .hpi). Its zero value is ready to use and it
// is safe for concurrent use. It is a catalog.Standalone: each archive
// is read alone, from memory.
//
// What it reports for one archive, and in every archive nested in it
// (any entry with one of those extensions, such as WEB-INF/lib/*.jar in
// a war, BOOT-INF/lib/*.jar in a Spring Boot jar, the jars and wars in an
// ear, or the jars a shaded jar carries whole), read recursively from
// memory down to four levels below the file:
//
//   - one package for each groupId:artifactId:version that the
//     archive's pom.properties files name (any entry so named, not only
//     META-INF/maven/<groupId>/<artifactId>/pom.properties: shaded and
//     repackaged jars keep them elsewhere); two files naming the same
//     artifact give one package;
//   - when none of them is the archive's own (see below), one package for
//     the archive itself from its META-INF/MANIFEST.MF and file name,
//     marked Metadata "maven:source" = "manifest" (the manifest gave its
//     name, version or group) or "filename" (the file name alone), as
//     these are weaker evidence than pom.properties. It is given when it
//     has a version and either the archive holds no pom.properties or
//     the manifest gave something (a file name alone does not outweigh a
//     pom.properties: "app-1.0.jar" holding only bar's pom.properties is
//     taken for a renamed bar).
//
// A pom.properties artifact is the archive's own when its artifactId, or
// "<groupId>.<artifactId>", is the name in the file name, the manifest's
// Implementation-Title, Short-Name or Bundle-SymbolicName (preferring
// the one whose version is the file name's); else the only one whose
// version is the archive's version (Debian's maven3-core.jar, with
// Implementation-Version 3.8.7, is org.apache.maven:maven-core:3.8.7);
// else, when the archive gets no package of its own, the only artifact
// the archive names. The archive's
// own package alone carries Hashes "SHA-1" (of the archive's bytes: the
// digest Maven Central indexes artifacts by) and Licenses (the
// manifest's Bundle-License entries, the URL or SPDX identifier before
// any ';' attributes, as written); the other artifacts are copies of
// other archives, whose digest is unknown.
//
// Packages have Type "maven", Namespace the groupId ("" when the
// manifest proves none), Name the artifactId and Version as Maven writes
// them (no normalisation: Maven coordinates are case-sensitive), so that
// sbom.PackageURL gives pkg:maven/<groupId>/<artifactId>@<version>.
// Evidence is the archive file (Input.Path) first; then, for an artifact
// found in a nested archive, that archive; then the records that name it
// (the pom.properties files, or the MANIFEST.MF when it gave the
// identity). A path inside an archive is the archive's path, "!/", and
// the entry's name, as java.net.JarURLConnection writes it, nested as
// deep as the archives are: "/app.war!/WEB-INF/lib/x.jar!/META-INF/
// maven/g/x/pom.properties". Files is nil.
//
// An artifact that an archive and one nested in it both name (a Jenkins
// plugin and the jar of its own classes in WEB-INF/lib) is one package,
// the enclosing archive's, whose Evidence goes on with the nested
// archive and its records. Two archives side by side that name the same
// artifact (two copies in a war's WEB-INF/lib) give two packages.
//
// An archive named *-sources.jar or *-javadoc.jar (in any case) holds no
// code that runs and gives no packages.
type Archive struct{}

var _ catalog.Standalone = (*Archive)(nil)

// Name returns "java".
func (*Archive) Name() string { return "java" }

// Wants reports whether path names a Java archive: it ends in .jar,
// .war, .ear, .jpi or .hpi, in any case.
func (*Archive) Wants(path string) bool { return isArchive(path) }

// WantsFile reports whether path is a Java archive (as Wants) that is a
// regular file of 1 byte to 1 GiB.
func (*Archive) WantsFile(path string, mode fs.FileMode, size int64) bool {
	return mode.IsRegular() && size > 0 && size <= maxArchive && isArchive(path)
}

// Catalog reads the archive in.Path from in.FS (through io.ReaderAt when
// the opened file is one, else read whole into memory) and returns the
// packages it proves, as Archive describes, in sbom.ComparePackages
// order; nil when there are none.
//
// It reads at most 1 GiB of entries inflated per archive file, nested
// archives of at most 256 MiB, and MANIFEST.MF and pom.properties files
// of at most 1 MiB each; an entry that declares or inflates to more is
// skipped with an error wrapping ErrTooLarge, and an archive nested
// deeper than four levels with one wrapping ErrTooDeep. An entry whose
// name is absolute or climbs out with ".." is refused with an error
// wrapping zip.ErrInsecurePath. A pom.properties without groupId,
// artifactId or version, an entry that fails to inflate, and a nested
// archive that is not a readable zip are skipped with an error. The
// errors, joined, name the entry ("java: /app.war!/WEB-INF/lib/x.jar:
// ..."); the packages proved by the rest are returned with them. An
// archive file that cannot be opened or is not a readable zip gives no
// packages and an error. Catalog checks ctx.Err() between entries.
func (*Archive) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	return catalogFile(ctx, in, defaults())
}

func catalogFile(ctx context.Context, in *catalog.Input, lim limits) ([]sbom.Package, error) {
	if skipped(in.Path) {
		return nil, nil
	}
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("java: %s: %w", in.Path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("java: %s: %w", in.Path, err)
	}
	if st.Size() > maxArchive {
		return nil, fmt.Errorf("java: %s: %w: %d bytes, the cap is %d", in.Path, ErrTooLarge, st.Size(), maxArchive)
	}
	ra, ok := f.(io.ReaderAt)
	size := st.Size()
	if !ok {
		b, err := io.ReadAll(io.LimitReader(f, maxArchive+1))
		if err != nil {
			return nil, fmt.Errorf("java: %s: %w", in.Path, err)
		}
		if len(b) > maxArchive {
			return nil, fmt.Errorf("java: %s: %w: over %d bytes", in.Path, ErrTooLarge, maxArchive)
		}
		ra, size = bytes.NewReader(b), int64(len(b))
	}
	w := &walker{ctx: ctx, lim: lim, top: in.Path}
	w.archive(ra, size, in.Path, 0)
	return w.result()
}

// walker reads one archive file and the archives nested in it.
type walker struct {
	ctx     context.Context
	lim     limits
	top     string // the archive file's path
	used    int64  // bytes inflated so far
	pkgs    []sbom.Package
	errs    []error
	dropped int // errors past maxErrors
	stopped bool
	// enclosing are the ranges of pkgs found in the archives enclosing
	// the one being read, outermost first.
	enclosing [][2]int
}

func (w *walker) fail(where string, err error) {
	if len(w.errs) < maxErrors {
		w.errs = append(w.errs, fmt.Errorf("java: %s: %w", where, err))
	} else {
		w.dropped++
	}
}

func (w *walker) result() ([]sbom.Package, error) {
	slices.SortStableFunc(w.pkgs, sbom.ComparePackages)
	if w.dropped > 0 {
		w.errs = append(w.errs, fmt.Errorf("java: %s: %d more errors", w.top, w.dropped))
	}
	return w.pkgs, errors.Join(w.errs...)
}

// archive reads the zip in ra, named name (the file's path, or a nested
// archive's "!/" path), depth levels below the file.
func (w *walker) archive(ra io.ReaderAt, size int64, name string, depth int) {
	h := sha1.New()
	if _, err := io.Copy(h, io.NewSectionReader(ra, 0, size)); err != nil {
		w.fail(name, err)
		return
	}
	sum := hex.EncodeToString(h.Sum(nil))
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // insecure names are refused one by one below
		w.fail(name, fmt.Errorf("not a readable zip archive: %w", err))
		return
	}
	var (
		poms   []*pom
		mf     map[string]string
		nested []*zip.File
	)
	for i, f := range zr.File {
		if i%64 == 0 {
			if err := w.ctx.Err(); err != nil {
				w.fail(name, err)
				w.stopped = true
				return
			}
		}
		if insecure(f.Name) {
			w.fail(fmt.Sprintf("%s: entry %q", name, f.Name), zip.ErrInsecurePath)
			continue
		}
		if f.Mode().IsDir() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		switch base := path.Base(f.Name); {
		case base == "pom.properties":
			b, ok := w.read(f, name, w.lim.meta)
			if !ok {
				continue
			}
			if p, err := parsePom(b); err != nil {
				w.fail(name+"!/"+f.Name, err)
			} else {
				poms = addPom(poms, p, f.Name)
			}
		case mf == nil && strings.EqualFold(f.Name, "META-INF/MANIFEST.MF"):
			if b, ok := w.read(f, name, w.lim.meta); ok {
				mf = parseManifest(b)
			}
		case isArchive(base) && !skipped(base):
			nested = append(nested, f)
		}
	}
	start := len(w.pkgs)
	w.identify(name, sum, poms, mf)
	w.enclosing = append(w.enclosing, [2]int{start, len(w.pkgs)})
	defer func() { w.enclosing = w.enclosing[:len(w.enclosing)-1] }()
	for _, f := range nested {
		if w.stopped {
			return
		}
		entry := name + "!/" + f.Name
		if depth >= w.lim.depth {
			w.fail(entry, fmt.Errorf("%w: more than %d archives deep", ErrTooDeep, w.lim.depth))
			continue
		}
		if b, ok := w.read(f, name, w.lim.nested); ok {
			w.archive(bytes.NewReader(b), int64(len(b)), entry, depth+1)
		}
	}
}

// read inflates entry f of the archive named name, if it stays within
// max bytes and what is left of the archive file's budget.
func (w *walker) read(f *zip.File, name string, max int64) ([]byte, bool) {
	entry := name + "!/" + f.Name
	limit := min(max, w.lim.inflated-w.used)
	if f.UncompressedSize64 > uint64(max) {
		w.fail(entry, fmt.Errorf("%w: declares %d bytes inflated, the cap is %d", ErrTooLarge, f.UncompressedSize64, max))
		return nil, false
	}
	if f.UncompressedSize64 > uint64(limit) {
		w.fail(entry, fmt.Errorf("%w: declares %d bytes inflated, past the archive's budget of %d", ErrTooLarge, f.UncompressedSize64, w.lim.inflated))
		return nil, false
	}
	rc, err := f.Open()
	if err != nil {
		w.fail(entry, err)
		return nil, false
	}
	defer rc.Close()
	// Size the buffer once, to what the entry declares (a stored nested
	// jar's size), but no larger than its compressed bytes could inflate
	// to (deflate's most is about 1032 to 1), so that a false
	// declaration costs no memory.
	size := min(f.UncompressedSize64, f.CompressedSize64*1032+4096)
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(rc, limit+1))
	b := buf.Bytes()
	w.used += int64(len(b))
	switch {
	case int64(len(b)) > limit:
		w.fail(entry, fmt.Errorf("%w: inflates past %d bytes", ErrTooLarge, limit))
		return nil, false
	case err != nil:
		w.fail(entry, err)
		return nil, false
	}
	return b, true
}

// identify adds the packages of one archive: its pom.properties
// artifacts, and its own identity when none of them is it.
func (w *walker) identify(name, sum string, poms []*pom, mf map[string]string) {
	id := identify(path.Base(name), mf)
	own := -1
	for i, p := range poms {
		if id.matches(p) && (own < 0 || p.version == id.version && poms[own].version != id.version) {
			own = i
		}
	}
	if own < 0 {
		own = sameVersion(poms, id.version)
	}
	self := own < 0 && validName(id.name) && validVersion(id.version) && (len(poms) == 0 || id.manifest)
	if own < 0 && !self && len(poms) == 1 {
		own = 0
	}
	licenses := bundleLicenses(mf["bundle-license"])
	for i, p := range poms {
		pkg := sbom.Package{Type: "maven", Namespace: p.group, Name: p.artifact, Version: p.version, Evidence: w.evidence(name, p.records...)}
		if i == own {
			pkg.Hashes, pkg.Licenses = map[string]string{"SHA-1": sum}, licenses
		}
		w.add(pkg)
	}
	if !self {
		return
	}
	pkg := sbom.Package{
		Type: "maven", Namespace: id.group, Name: id.name, Version: id.version,
		Licenses: licenses,
		Hashes:   map[string]string{"SHA-1": sum},
		Metadata: map[string]string{"maven:source": "filename"},
		Evidence: w.evidence(name),
	}
	if id.manifest {
		pkg.Metadata["maven:source"] = "manifest"
		pkg.Evidence = w.evidence(name, "META-INF/MANIFEST.MF")
	}
	w.add(pkg)
}

// add adds pkg, unless an enclosing archive has the same artifact (a
// Jenkins plugin and the jar of its classes in WEB-INF/lib): then pkg's
// records join that package's Evidence.
func (w *walker) add(pkg sbom.Package) {
	for _, r := range w.enclosing {
		for i := r[0]; i < r[1]; i++ {
			if q := &w.pkgs[i]; q.Namespace == pkg.Namespace && q.Name == pkg.Name && q.Version == pkg.Version {
				q.Evidence = append(q.Evidence, pkg.Evidence[1:]...)
				return
			}
		}
	}
	w.pkgs = append(w.pkgs, pkg)
}

// sameVersion returns the index of the one artifact in poms whose
// version is v, or -1 when none or several are.
func sameVersion(poms []*pom, v string) int {
	found := -1
	for i, p := range poms {
		if p.version == v {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// evidence returns the Evidence of a package found in the archive
// named name, proved by its entries records.
func (w *walker) evidence(name string, records ...string) []string {
	ev := []string{w.top}
	if name != w.top {
		ev = append(ev, name)
	}
	for _, r := range records {
		ev = append(ev, name+"!/"+r)
	}
	return ev
}

// parsePom returns the artifact a pom.properties file names.
func parsePom(b []byte) (*pom, error) {
	m := parseProperties(b)
	p := &pom{group: m["groupId"], artifact: m["artifactId"], version: m["version"]}
	var missing []string
	if !validGroup(p.group) {
		missing = append(missing, "groupId")
	}
	if !validName(p.artifact) {
		missing = append(missing, "artifactId")
	}
	if !validVersion(p.version) {
		missing = append(missing, "version")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("pom.properties: no valid %s", strings.Join(missing, ", "))
	}
	return p, nil
}

// addPom adds p, named in entry, to poms, merging it into an artifact
// already there.
func addPom(poms []*pom, p *pom, entry string) []*pom {
	for _, q := range poms {
		if q.group == p.group && q.artifact == p.artifact && q.version == p.version {
			q.records = append(q.records, entry)
			return poms
		}
	}
	p.records = []string{entry}
	return append(poms, p)
}

// bundleLicenses splits an OSGi Bundle-License header into its
// licences: the comma-separated names (URLs or SPDX identifiers) less
// their ';' attributes, commas inside quotes kept; "<<EXTERNAL>>" says
// none is given.
func bundleLicenses(h string) []string {
	var out []string
	add := func(s string) {
		s, _, _ = strings.Cut(s, ";")
		if s = strings.TrimSpace(s); s != "" && s != "<<EXTERNAL>>" {
			out = append(out, s)
		}
	}
	quoted, start := false, 0
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				add(h[start:i])
				start = i + 1
			}
		}
	}
	add(h[start:])
	return out
}

// isArchive reports whether name ends in a Java archive extension.
func isArchive(name string) bool {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return false
	}
	switch strings.ToLower(name[i:]) {
	case ".jar", ".war", ".ear", ".jpi", ".hpi":
		return true
	}
	return false
}

// skipped reports whether name is a sources or javadoc jar.
func skipped(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "-sources.jar") || strings.HasSuffix(n, "-javadoc.jar")
}

// insecure reports whether a zip entry name is absolute or climbs out
// of the archive with "..", with '/' or '\' as separator.
func insecure(name string) bool {
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") || len(n) >= 2 && n[1] == ':' {
		return true
	}
	return slices.Contains(strings.Split(n, "/"), "..")
}
