// Package fetch is the HTTP fetching every advisory feed uses: a Client
// whose zero value works, with conditional requests (ETag and
// Last-Modified), a fingerprint that round-trips those validators and the
// body's SHA-256, retries with exponential backoff and jitter that honour
// Retry-After, a size cap, and a progress callback.
//
// It sits under the advisory feeds (advisory.Feed's Fetch): a feed calls
// Client.Get with its default URL and the fingerprint of the data it last
// stored, and hands the returned *File to its own Parse. A body is streamed
// to a temporary file, never held in memory, and a download that fails
// part-way never yields partial data.
package fetch
