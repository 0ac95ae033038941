// Package rust finds Rust crates: those compiled into executables built
// with cargo-auditable (Binary, for images and root filesystems) and
// those a source tree's Cargo.lock lists (Lockfile, for directories).
//
// It sits in the flow at layers -> inventory: Binary implements the
// scan/catalog Standalone seam (each executable stands alone, handed
// over while the layer streams), Lockfile the plain Cataloger seam.
//
// # What a package holds
//
// Type "cargo", no Namespace, Name and Version as Cargo writes them
// (crate names are not normalised: crates.io keeps "-" and "_" apart in
// names, though it refuses a new crate whose name differs from an
// existing one only by them). A Cargo.lock gives the crate's source in
// Metadata MetaSource (absent for local crates, the project's own
// included), its checksum (the SHA-256 of the .crate file) in Hashes
// under HashSHA256, and the Package URLs of its dependencies in
// DependsOn: Cargo.lock names a dependency "name" when one version is
// locked, "name version" when several are, and "name version (source)"
// when several sources have it (and always in format v1), and Lockfile
// resolves each against the file's own entries. [[patch.unused]]
// entries are not locked, so not packages. Two crates of one name and
// version from different sources (a git fork beside crates.io) are two
// packages, told apart by MetaSource; their Package URLs, and so the
// DependsOn entries naming them, are the same.
//
// cargo-auditable embeds the dependency tree in a section named
// .dep-v0, as zlib-compressed JSON in the format of the auditable-serde
// crate's VersionInfo (schema: cargo-auditable.schema.json in the
// rust-secure-code/cargo-auditable repository): packages with name,
// version, source ("crates.io", "registry", "git", "local"), kind
// ("build" or "runtime", omitted for runtime), dependencies (indexes
// into the package list) and root. Binary reports each package with
// MetaSource, MetaKind "build" for build-only dependencies, MetaRoot,
// and DependsOn from the indexes. Binaries without the section (most
// Rust binaries) give nothing: what crates they hold is not recorded.
//
// # Limits
//
// Binary reads ELF, PE and Mach-O files of at most MaxBinarySize bytes
// with an executable bit (or a .exe name), and audit data of at most
// MaxAuditSize bytes, compressed or not; WebAssembly is not read.
// Lockfile reads at most MaxLockfileSize bytes of one Cargo.lock, with
// github.com/BurntSushi/toml.
package rust
