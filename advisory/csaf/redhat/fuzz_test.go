package redhat_test

import (
	"archive/tar"
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory/csaf/redhat"
)

// tiny is a Red Hat VEX document cut down to one product of each kind
// (fixed, modular fixed, affected with no fix planned, not affected): a
// small seed, since the fuzzing engine minimizes each input it finds
// interesting, for a time that grows with the input's size.
const tiny = `{"document":{"category":"csaf_vex","csaf_version":"2.0","title":"t","aggregate_severity":{"text":"Important"},
"tracking":{"id":"CVE-2024-1","status":"final","version":"1","current_release_date":"2024-01-02T00:00:00+00:00","initial_release_date":"2024-01-01T00:00:00+00:00"}},
"product_tree":{"branches":[{"category":"vendor","name":"Red Hat","branches":[
 {"category":"product_name","name":"AS9","product":{"name":"AS9","product_id":"AppStream-9.4.0.Z.MAIN","product_identification_helper":{"cpe":"cpe:/a:redhat:enterprise_linux:9::appstream"}}},
 {"category":"product_name","name":"RHEL8","product":{"name":"RHEL8","product_id":"red_hat_enterprise_linux_8","product_identification_helper":{"cpe":"cpe:/o:redhat:enterprise_linux:8"}}},
 {"category":"product_version","name":"curl","product":{"name":"curl","product_id":"curl-0:7.76.1-26.el9_3.2.src","product_identification_helper":{"purl":"pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src"}}},
 {"category":"product_version","name":"nodejs","product":{"name":"nodejs","product_id":"nodejs-1:18.19.0-1.module+el8.9.0.src","product_identification_helper":{"purl":"pkg:rpm/redhat/nodejs@18.19.0-1.module%2Bel8.9.0?arch=src&epoch=1&rpmmod=nodejs:18:8090020231219:a75119d5"}}},
 {"category":"product_version","name":"libcurl","product":{"name":"libcurl","product_id":"libcurl","product_identification_helper":{"purl":"pkg:rpm/redhat/libcurl"}}}]}],
"relationships":[
 {"category":"default_component_of","full_product_name":{"name":"a","product_id":"AppStream-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"},"product_reference":"curl-0:7.76.1-26.el9_3.2.src","relates_to_product_reference":"AppStream-9.4.0.Z.MAIN"},
 {"category":"default_component_of","full_product_name":{"name":"b","product_id":"red_hat_enterprise_linux_8:nodejs-1:18.19.0-1.module+el8.9.0.src"},"product_reference":"nodejs-1:18.19.0-1.module+el8.9.0.src","relates_to_product_reference":"red_hat_enterprise_linux_8"},
 {"category":"default_component_of","full_product_name":{"name":"c","product_id":"red_hat_enterprise_linux_8:libcurl"},"product_reference":"libcurl","relates_to_product_reference":"red_hat_enterprise_linux_8"},
 {"category":"default_component_of","full_product_name":{"name":"d","product_id":"red_hat_enterprise_linux_8:kernel"},"product_reference":"kernel","relates_to_product_reference":"red_hat_enterprise_linux_8"}]},
"vulnerabilities":[{"cve":"CVE-2024-1","cwe":{"id":"CWE-79","name":"x"},
 "product_status":{"fixed":["AppStream-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src","red_hat_enterprise_linux_8:nodejs-1:18.19.0-1.module+el8.9.0.src"],
  "known_affected":["red_hat_enterprise_linux_8:libcurl"],"known_not_affected":["red_hat_enterprise_linux_8:kernel"]},
 "flags":[{"label":"vulnerable_code_not_present","product_ids":["red_hat_enterprise_linux_8:kernel"]}],
 "remediations":[{"category":"vendor_fix","details":"d","url":"https://access.redhat.com/errata/RHSA-2024:1","product_ids":["AppStream-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"]},
  {"category":"no_fix_planned","details":"Will not fix","product_ids":["red_hat_enterprise_linux_8:libcurl"]}],
 "scores":[{"cvss_v3":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H","baseScore":5.9,"baseSeverity":"MEDIUM"},"products":["AppStream-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"]}],
 "threats":[{"category":"impact","details":"Important","product_ids":["AppStream-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"]}]}]}`

// FuzzParse feeds arbitrary bytes to Parse (JSON and tar alike): it must
// never panic, and every advisory it yields must have an ID. The zstd
// path is left to the decoder's own fuzzing (klauspost/compress): mutated
// frames keep the engine minimizing for most of a short run.
func FuzzParse(f *testing.F) {
	f.Add([]byte(tiny))
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "2024/cve-2024-1.json", Mode: 0o644, Size: int64(len(tiny))})
	tw.Write([]byte(tiny))
	tw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range redhat.Parse(context.Background(), bytes.NewReader(data)) {
			if err == nil && a.ID == "" {
				t.Fatalf("an advisory without an ID: %+v", a)
			}
		}
	})
}

// TestTiny checks the fuzz seed parses as meant.
func TestTiny(t *testing.T) {
	var got []string
	for a, err := range redhat.Parse(context.Background(), bytes.NewReader([]byte(tiny))) {
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Affected {
			got = append(got, line(x))
		}
	}
	want := []string{
		"rhel:8|kernel||not_affected||vulnerable_code_not_present|",
		"rhel:8|libcurl||will_not_fix||Will not fix|",
		"rhel:8|nodejs|nodejs:18|affected|||1:18.19.0-1.module+el8.9.0",
		"rhel:9|curl||affected|Important||7.76.1-26.el9_3.2",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %q, want %q", i, got[i], want[i])
		}
	}
}

// eusOnly is a Red Hat VEX document shaped like the real ones (a
// constructed case: no recorded document has it) in which an
// extended-support stream (RHEL 9.2 EUS) fixed the kernel while the
// mainline (RHEL 9) is still affected with no fix, and curl is fixed in
// both.
const eusOnly = `{"document":{"category":"csaf_vex","csaf_version":"2.0","title":"t",
"tracking":{"id":"CVE-2024-2","status":"final","version":"1","current_release_date":"2024-01-02T00:00:00+00:00","initial_release_date":"2024-01-01T00:00:00+00:00"}},
"product_tree":{"branches":[{"category":"vendor","name":"Red Hat","branches":[
 {"category":"product_name","name":"BaseOS9","product":{"name":"BaseOS9","product_id":"BaseOS-9.4.0.Z.MAIN","product_identification_helper":{"cpe":"cpe:/o:redhat:enterprise_linux:9::baseos"}}},
 {"category":"product_name","name":"EUS92","product":{"name":"EUS92","product_id":"BaseOS-9.2.0.Z.EUS","product_identification_helper":{"cpe":"cpe:/a:redhat:rhel_eus:9.2::baseos"}}},
 {"category":"product_version","name":"kernel","product":{"name":"kernel","product_id":"kernel","product_identification_helper":{"purl":"pkg:rpm/redhat/kernel"}}},
 {"category":"product_version","name":"kernel-eus","product":{"name":"kernel","product_id":"kernel-0:5.14.0-284.50.1.el9_2.src","product_identification_helper":{"purl":"pkg:rpm/redhat/kernel@5.14.0-284.50.1.el9_2?arch=src"}}},
 {"category":"product_version","name":"curl-eus","product":{"name":"curl","product_id":"curl-0:7.76.1-23.el9_2.5.src","product_identification_helper":{"purl":"pkg:rpm/redhat/curl@7.76.1-23.el9_2.5?arch=src"}}},
 {"category":"product_version","name":"curl","product":{"name":"curl","product_id":"curl-0:7.76.1-26.el9_3.2.src","product_identification_helper":{"purl":"pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src"}}}]}],
"relationships":[
 {"category":"default_component_of","full_product_name":{"name":"a","product_id":"BaseOS-9.4.0.Z.MAIN:kernel"},"product_reference":"kernel","relates_to_product_reference":"BaseOS-9.4.0.Z.MAIN"},
 {"category":"default_component_of","full_product_name":{"name":"b","product_id":"BaseOS-9.2.0.Z.EUS:kernel-0:5.14.0-284.50.1.el9_2.src"},"product_reference":"kernel-0:5.14.0-284.50.1.el9_2.src","relates_to_product_reference":"BaseOS-9.2.0.Z.EUS"},
 {"category":"default_component_of","full_product_name":{"name":"c","product_id":"BaseOS-9.2.0.Z.EUS:curl-0:7.76.1-23.el9_2.5.src"},"product_reference":"curl-0:7.76.1-23.el9_2.5.src","relates_to_product_reference":"BaseOS-9.2.0.Z.EUS"},
 {"category":"default_component_of","full_product_name":{"name":"d","product_id":"BaseOS-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"},"product_reference":"curl-0:7.76.1-26.el9_3.2.src","relates_to_product_reference":"BaseOS-9.4.0.Z.MAIN"}]},
"vulnerabilities":[{"cve":"CVE-2024-2",
 "product_status":{"fixed":["BaseOS-9.2.0.Z.EUS:kernel-0:5.14.0-284.50.1.el9_2.src","BaseOS-9.2.0.Z.EUS:curl-0:7.76.1-23.el9_2.5.src","BaseOS-9.4.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"],
  "known_affected":["BaseOS-9.4.0.Z.MAIN:kernel"]},
 "remediations":[{"category":"none_available","details":"Affected","product_ids":["BaseOS-9.4.0.Z.MAIN:kernel"]}]}]}`

// TestExtendedStreamFix checks that an extended-support stream's fix of
// a package the mainline still has unfixed is dropped (an EUS image
// cannot be told from a mainline one), and kept where the mainline is
// fixed too.
func TestExtendedStreamFix(t *testing.T) {
	var got []string
	for a, err := range redhat.Parse(context.Background(), bytes.NewReader([]byte(eusOnly))) {
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Affected {
			got = append(got, line(x))
		}
	}
	slices.Sort(got)
	want := []string{
		"rhel:9|curl||affected|||7.76.1-23.el9_2.5,7.76.1-26.el9_3.2",
		"rhel:9|kernel||affected||Affected|",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}
