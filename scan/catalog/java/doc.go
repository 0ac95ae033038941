// Package java finds the Maven artifacts in Java archives (.jar, .war,
// .ear, and Jenkins' .jpi and .hpi plugins) in an image or a directory.
// It sits in the flow at layers -> inventory and implements the
// scan/catalog seam as a catalog.Standalone with Archive: the scanner
// hands it each archive as the layer streams, and it reads the archive
// from memory, never writing to disk.
//
// Within an archive it reads the pom.properties files that Maven's
// archiver (and the shade and bundle plugins) embed, the main section of
// META-INF/MANIFEST.MF, the file name, and the archives nested inside
// (a war's WEB-INF/lib, a Spring Boot jar's BOOT-INF/lib, an ear's
// modules, jars a fat jar carries whole), to a bounded depth and within
// a bounded number of inflated bytes, so that a zip bomb stops with an
// error rather than exhausting memory. Entry names that are absolute or
// climb out with ".." are refused (zip slip). Automatic-Module-Name is
// not used: it names a Java module (com.fasterxml.jackson.databind),
// which is often neither the group nor the artifact. It does not read
// pom.xml (whose version may be a property of a parent POM), class files, or
// Gradle module metadata, and it asks no remote index (such as Maven
// Central's search by SHA-1) about archives it cannot name.
package java
