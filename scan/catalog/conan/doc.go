// Package conan finds the C and C++ packages a Conan project locks. It
// sits in the flow at layers -> inventory and implements the scan/catalog
// seam once: Lockfile reads conan.lock in the Conan 1 form (version 0.4,
// a "graph_lock" of nodes) and the Conan 2 form (version 0.5 and later,
// lists of references). It is for source trees (directories).
//
// A Conan reference "name/version@user/channel#rrev%timestamp" gives a
// package of Type "conan", no Namespace, Name and Version as written, and
// Metadata "conan:user", "conan:channel" and "conan:rrev" (the recipe
// revision) when the reference has them: the Package URL spec makes
// them the qualifiers user, channel and rrev
// (pkg:conan/openssl@3.0.3?channel=stable&user=bincrafters), which
// sbom.PackageURL does not write yet.
package conan
