// Package update keeps an advisory database current: Update fetches
// feeds (advisory.Feed, and ExploitFeed for data attached by CVE), a few
// at a time, with the fingerprints the database recorded, parses what
// changed and writes it through advisory/boltstore, atomically and
// keeping every other feed's data; Import does the same from local files, for offline use.
// DefaultFeeds lists the feeds fetched by default.
//
// It sits at the "advisories" step of the flow, above the feeds
// (advisory/osv, nvd, kev, epss), advisory/fetch and advisory/boltstore,
// and is what an embedder or the loadline command calls. Its seams are
// Feed (advisory.Feed's Name and Fetch), ExploitFeed, and the optional
// ClientFetcher, through which a feed fetches with the caller's
// fetch.Client.
//
// Guarantees: a feed that fails (a download cut short after its
// retries, data that does not parse, a failed write) leaves the previous
// database byte-identical, or, when other feeds changed, keeps that
// feed's old data beside their new data; a malformed record is counted
// in its feed's Result and skipped, and the feed goes on.
package update
