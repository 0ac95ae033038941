package sbomfile

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKeyWatch shows the watch a stream in pieces of every size from 1
// byte on, after a head cut at every place, and checks it finds the
// member wherever the cuts fall, and nothing that is not one.
func TestKeyWatch(t *testing.T) {
	tests := []struct {
		name, doc, key, trim, want string
		found                      bool
	}{
		{"spdx", `{"SPDXID": "SPDXRef-DOCUMENT", "packages": [{"name": "a"}], "spdxVersion"  :  "SPDX-2.2"}`, "spdxVersion", "SPDX-", "2.2", true},
		{"cyclonedx", "{\"components\": [],\n\t\"specVersion\":\n\t\"1.5\"\n}", "specVersion", "", "1.5", true},
		{"escaped", `{"SPDXID": "SPDXRef-DOCUMENT", "comment": "not \"spdxVersion\": \"SPDX-9.9\""}`, "spdxVersion", "SPDX-", "", false},
		{"not a string", `{"bomFormat": "CycloneDX", "specVersion": 1.6}`, "specVersion", "", "", false},
		{"first of two", `{"specVersion": "1.4", "x": {"specVersion": "1.9"}}`, "specVersion", "", "1.4", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for cut := 0; cut <= len(tt.doc); cut++ {
				for size := 1; size <= len(tt.doc)-cut+1; size++ {
					w := newKeyWatch(tt.key, tt.trim)
					w.prime([]byte(tt.doc[:cut]))
					for rest := tt.doc[cut:]; rest != ""; rest = rest[min(size, len(rest)):] {
						w.see([]byte(rest[:min(size, len(rest))]))
					}
					// A member wholly in the head is the sniffer's to find.
					if lit := `"` + tt.trim + tt.want + `"`; tt.found && cut >= strings.Index(tt.doc, lit)+len(lit) {
						continue
					}
					if w.found != tt.found || w.version() != tt.want {
						t.Fatalf("cut %d, pieces of %d: found %v %q, want %v %q", cut, size, w.found, w.version(), tt.found, tt.want)
					}
				}
			}
		})
	}
}

// TestMembers walks objects the way sniffJSON does.
func TestMembers(t *testing.T) {
	type member struct{ Key, Raw string }
	tests := []struct {
		name, in string
		want     []member
		err      string
	}{
		{"empty", `{}`, nil, ""},
		{"scalars", `{"a":1,"b" : true , "c":null,"d":"x\"}"}`, []member{{"a", "1"}, {"b", "true"}, {"c", "null"}, {"d", `"x\"}"`}}, ""},
		{"nested", `{"a": {"b": [1, {"c": "]}"}]}, "e\u0041": []}`, []member{{"a", `{"b": [1, {"c": "]}"}]}`}, {"eA", "[]"}}, ""},
		{"truncated value", `{"a": [1, 2`, nil, "unexpected EOF"},
		{"truncated after a member", `{"a": 1, "b": 2`, []member{{"a", "1"}}, "unexpected EOF"},
		{"truncated name", `{"a`, nil, "unexpected EOF"},
		{"no colon", `{"a" 1}`, nil, "at byte 5: want : after a member name"},
		{"no comma", `{"a": 1 "b": 2}`, []member{{"a", "1"}}, "at byte 8: want , or } after a member"},
		{"name not a string", `{a: 1}`, nil, "at byte 1: want a member name"},
		{"mismatched", `{"a": [1}`, nil, "at byte 8: unexpected }"},
		{"missing value", `{"a": }`, nil, "at byte 6: unexpected '}'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []member
			err := members([]byte(tt.in), func(k string, raw []byte) bool {
				got = append(got, member{k, string(raw)})
				return true
			})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			if errString(err) != tt.err {
				t.Errorf("error %v, want %q", err, tt.err)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
