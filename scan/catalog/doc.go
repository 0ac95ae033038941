// Package catalog is the cataloger seam of loadline's scanner: the
// interface every package-database and manifest reader implements, and
// the input it is given. It sits in the flow at layers -> inventory:
// the scanner walks each layer once, asks every Cataloger which paths it
// Wants (by path alone, cheaply), gathers those files, and hands each one
// to its cataloger with an Input. Implementations live in sub-packages
// (catalog/dpkg, catalog/apk, catalog/rpm, ...), each importing this one.
package catalog
