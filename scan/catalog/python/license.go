package python

import (
	"slices"
	"strings"
)

// classifierSPDX maps the trove license classifiers that name exactly
// one license to its SPDX identifier. Classifiers that name a family
// without a version ("BSD License", "Apache Software License", "GNU
// General Public License (GPL)", "Artistic License") are not mapped:
// which license they mean is not said.
var classifierSPDX = map[string]string{
	"OSI Approved :: MIT License":                                             "MIT",
	"OSI Approved :: MIT No Attribution License (MIT-0)":                      "MIT-0",
	"OSI Approved :: ISC License (ISCL)":                                      "ISC",
	"OSI Approved :: Python Software Foundation License":                      "PSF-2.0",
	"OSI Approved :: Python License (CNRI Python License)":                    "CNRI-Python",
	"OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)":                    "MPL-1.1",
	"OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)":                    "MPL-2.0",
	"OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)":                    "EPL-1.0",
	"OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)":                    "EPL-2.0",
	"OSI Approved :: Boost Software License 1.0 (BSL-1.0)":                    "BSL-1.0",
	"OSI Approved :: The Unlicense (Unlicense)":                               "Unlicense",
	"OSI Approved :: Universal Permissive License (UPL)":                      "UPL-1.0",
	"OSI Approved :: zlib/libpng License":                                     "Zlib",
	"OSI Approved :: Historical Permission Notice and Disclaimer (HPND)":      "HPND",
	"OSI Approved :: PostgreSQL License":                                      "PostgreSQL",
	"OSI Approved :: W3C License":                                             "W3C",
	"OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)":            "EUPL-1.1",
	"OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)":            "EUPL-1.2",
	"OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)":     "MulanPSL-2.0",
	"OSI Approved :: GNU General Public License v2 (GPLv2)":                   "GPL-2.0-only",
	"OSI Approved :: GNU General Public License v2 or later (GPLv2+)":         "GPL-2.0-or-later",
	"OSI Approved :: GNU General Public License v3 (GPLv3)":                   "GPL-3.0-only",
	"OSI Approved :: GNU General Public License v3 or later (GPLv3+)":         "GPL-3.0-or-later",
	"OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)":           "LGPL-2.0-only",
	"OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
	"OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)":           "LGPL-3.0-only",
	"OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
	"OSI Approved :: GNU Affero General Public License v3":                    "AGPL-3.0-only",
	"OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
	"CC0 1.0 Universal (CC0 1.0) Public Domain Dedication":                    "CC0-1.0",
}

// classifierLicenses returns the licenses the license classifiers cs
// name: the SPDX identifier of each that names exactly one license
// ("License :: OSI Approved :: MIT License" is "MIT"), else its last part
// as written ("License :: OSI Approved :: BSD License" is "BSD
// License"); the bare "License :: OSI Approved" names none. Sorted,
// without duplicates; nil when there are none.
func classifierLicenses(cs []string) []string {
	var out []string
	for _, c := range cs {
		rest := strings.TrimSpace(strings.TrimPrefix(c, "License ::"))
		if id, ok := classifierSPDX[rest]; ok {
			out = append(out, id)
			continue
		}
		if i := strings.LastIndex(rest, "::"); i >= 0 {
			rest = strings.TrimSpace(rest[i+2:])
		} else if rest == "OSI Approved" {
			continue
		}
		if rest != "" {
			out = append(out, rest)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
