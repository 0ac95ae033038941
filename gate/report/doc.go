// Package report writes a match result and a gate verdict in the formats
// CI systems and people read: Table (a terminal summary), JSON (loadline's
// own stable document, which ReadResult reads back), SARIF 2.1.0 (GitHub
// code scanning), JUnit XML, GitLab's container-scanning report, and
// Markdown (a pull-request comment). Every writer has the shape of
// Writer, takes an Input, and writes deterministic output: the same
// input gives the same bytes. It sits at the end of the flow, after gate;
// the SARIF encoding is github.com/owenrumney/go-sarif's, whose home this
// package is.
package report
