// Package boltstore is the embedded on-disk advisory store: one file,
// written whole by Write and read by Open, built on bbolt
// (go.etcd.io/bbolt, pure Go). It sits at the "advisories" step of the
// flow and implements advisory.IDStore and advisory.ExploitStore (the
// seams in package advisory), passing advisory/storetest.
//
// The file is keyed for the one question matching asks. Its buckets:
//
//   - "records": the advisories grouped by package, in chunks of about
//     16 MiB (a bucket each, keyed by the chunk's 4-byte number): first
//     their cores, what matching reads (every field but Details and
//     References), then their detail parts (Details and References),
//     each a uvarint length and a compact binary encoding of the model
//     (fields in order, length-prefixed; see codec.go) that decodes about
//     ten times faster than JSON. An advisory's reference is 8 bytes, its
//     core's chunk number and offset in the chunk; a core starts with the
//     reference of its detail part. Each advisory sits with the first, in
//     key order, of the packages it affects, so that most of a package's
//     advisories share a page, and a release's a stretch of the file: the
//     pages a scan of one image touches are few, which is what a lookup
//     costs on a file just mapped (on Linux each first touch of a page is
//     a fault that costs more than decoding the advisories on it).
//     Trivy's and Grype's databases keep an advisory's text apart from
//     what matching reads for the same reason;
//   - "packages": (ecosystem, distro, release version, normalised
//     package name) -> the references of the advisories with an
//     Affected entry for it, in ID order (in the order written within
//     an ID), as Lookup returns them;
//   - "ids": each ID and alias -> the references of the advisories it
//     names;
//   - "coverage": (ecosystem, distro, release version, feed) for every
//     release a feed holds data for;
//   - "kev" and "epss": exploitation data by CVE ID (see Exploitation),
//     in fixed-width values: a KEV entry is 17 bytes (dates added and
//     due, a ransomware flag), an EPSS score 24 (score, percentile and
//     date): a day's 300,000 scores take about 16 MB of the file,
//     keys and bbolt's overhead included, and a second to write;
//   - "meta": the format version, the build time, the record count,
//     the numbers of chunks and of chunks of cores, and per feed
//     (advisory feeds and "kev", "epss") its fingerprint, fetch time and
//     record count (see Status).
//
// A Store holds a read transaction from Open to Close, in which the
// chunks stay mapped: a Lookup reads one index entry (one B-tree
// search), then each core at its offset, and decodes them into one
// allocation per kind of slice; ByID reads the detail parts too. A cache (Options.Cache) keeps decoded
// advisories; by default, in up to 64 MiB, only those with four or more
// Affected entries (a distro's, which names every binary package of its
// fix, so that a scan decodes it once rather than once per package).
// Coverage is read once, at Open.
//
// Updates are atomic: Write builds the new file beside the old one,
// syncs it and renames it over the old one, so that a failure at any
// point (a bad record, a cancelled context, a crash) leaves the previous
// database intact. To update one feed and keep the others, Write with
// WriteOptions.Keep: the advisories of the feeds not being written
// (records are tagged by Source.Feed) are copied from the old file into
// the new one, with their metadata and coverage; KEV and EPSS data are
// kept the same way unless WriteOptions gives new data for them.
//
// Open refuses a file of another format version with ErrVersion: a
// database is rebuilt, never migrated.
//
// bbolt can panic, or fault on its memory map, when it reads a corrupt
// file. Open and the read methods recover such panics (and turn memory
// faults into panics with debug.SetPanicOnFault for their goroutine) and
// return an error naming the file.
package boltstore
