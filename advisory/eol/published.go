package eol

import "github.com/loadline/loadline/advisory"

// Sources of the hand-transcribed entries, as each publisher states its
// dates. Taken 2026-11-23; refresh by reading the same pages.
const (
	alpineReleases = "alpinelinux.org/releases (end of support of main)"
	rhelLifeCycle  = "Red Hat Enterprise Linux Life Cycle (end of Maintenance Support)"
	rhel7ELS       = "Red Hat Enterprise Linux Life Cycle (end of Maintenance Support 2); Red Hat's announcement of 4 years of ELS for RHEL 7"
	centosEOL      = "CentOS Project: end of CentOS Linux 7 and 8"
	rockyVersions  = "Rocky Linux release and version guide (end of security support)"
	almaLifecycle  = "AlmaLinux release notes (end of security support)"
	amazonLinux2   = "Amazon Linux 2 FAQs (end of support)"
	al2023Cadence  = "Amazon Linux 2023 User Guide, release cadence (end of maintenance phase)"
)

// published holds the releases whose dates are not in distro-info-data.
// Alpine's are those advisory/secdb's AlpineFeeds uses, with the older
// branches added.
var published = []Support{
	{Release: rel("alpine", "3.12"), Ends: date(2022, 5, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.13"), Ends: date(2022, 11, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.14"), Ends: date(2023, 5, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.15"), Ends: date(2023, 11, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.16"), Ends: date(2024, 5, 23), Source: alpineReleases},
	{Release: rel("alpine", "3.17"), Ends: date(2024, 11, 22), Source: alpineReleases},
	{Release: rel("alpine", "3.18"), Ends: date(2025, 5, 9), Source: alpineReleases},
	{Release: rel("alpine", "3.19"), Ends: date(2025, 11, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.20"), Ends: date(2026, 4, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.21"), Ends: date(2026, 11, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.22"), Ends: date(2027, 5, 1), Source: alpineReleases},
	{Release: rel("alpine", "3.23"), Ends: date(2027, 11, 1), Source: alpineReleases},

	{Release: rel("rhel", "6"), Ends: date(2020, 11, 30), Source: rhelLifeCycle},
	{Release: rel("rhel", "7"), Ends: date(2024, 6, 30), Extended: date(2028, 6, 30), Source: rhel7ELS},
	{Release: rel("rhel", "8"), Ends: date(2029, 5, 31), Source: rhelLifeCycle},
	{Release: rel("rhel", "9"), Ends: date(2032, 5, 31), Source: rhelLifeCycle},
	{Release: rel("rhel", "10"), Ends: date(2035, 5, 31), Source: rhelLifeCycle},

	{Release: rel("centos", "7"), Ends: date(2024, 6, 30), Source: centosEOL},
	{Release: rel("centos", "8"), Ends: date(2021, 12, 31), Source: centosEOL},

	{Release: rel("rocky", "8"), Ends: date(2029, 5, 31), Source: rockyVersions},
	{Release: rel("rocky", "9"), Ends: date(2032, 5, 31), Source: rockyVersions},
	{Release: rel("rocky", "10"), Ends: date(2035, 5, 31), Source: rockyVersions},

	{Release: rel("almalinux", "8"), Ends: date(2029, 3, 1), Source: almaLifecycle},
	{Release: rel("almalinux", "9"), Ends: date(2032, 5, 31), Source: almaLifecycle},
	{Release: rel("almalinux", "10"), Ends: date(2035, 5, 31), Source: almaLifecycle},

	{Release: rel("amzn", "2"), Ends: date(2026, 6, 30), Source: amazonLinux2},
	{Release: rel("amzn", "2023"), Ends: date(2029, 6, 30), Source: al2023Cadence},
}

func rel(distro, version string) advisory.Release {
	return advisory.Release{Distro: distro, Version: version}
}
