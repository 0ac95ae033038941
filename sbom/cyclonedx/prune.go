package cyclonedx

import (
	"encoding/json"
)

// The JSON members Decode reads. pruneJSON drops all others before
// cyclonedx-go decodes the document, so that parts loadline does not
// use (declarations, formulation, vulnerabilities, a component's
// cryptoProperties or patentAssertions ...) cannot fail the decoding:
// cyclonedx-go v0.12.0 rejects some valid ones (the specification's
// valid-attestation-1.6.json and valid-patent-1.7.json).
var (
	keepTop       = keys("bomFormat", "specVersion", "serialNumber", "version", "metadata", "components", "dependencies")
	keepMetadata  = keys("timestamp", "component", "properties")
	keepComponent = keys("bom-ref", "type", "supplier", "publisher", "group", "name", "version", "description",
		"hashes", "licenses", "cpe", "purl", "pedigree", "properties", "components", "evidence")
	keepPedigree = keys("ancestors")
	keepEvidence = keys("occurrences")
)

func keys(ks ...string) map[string]bool {
	m := make(map[string]bool, len(ks))
	for _, k := range ks {
		m[k] = true
	}
	return m
}

// pruneJSON returns data with only the members Decode reads. Where a
// member does not have the expected shape (an object, an array of
// objects) it is left as it is, for cyclonedx-go to report.
func pruneJSON(data []byte) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	if top == nil {
		return data, nil
	}
	prune(top, keepTop)
	top["metadata"] = pruneObject(top["metadata"], func(md map[string]json.RawMessage) {
		prune(md, keepMetadata)
		md["component"] = pruneObject(md["component"], pruneComponent)
	})
	top["components"] = pruneComponents(top["components"])
	dropNil(top)
	return json.Marshal(top)
}

func prune(m map[string]json.RawMessage, keep map[string]bool) {
	for k := range m {
		if !keep[k] {
			delete(m, k)
		}
	}
}

func pruneComponent(c map[string]json.RawMessage) {
	prune(c, keepComponent)
	c["components"] = pruneComponents(c["components"])
	c["pedigree"] = pruneObject(c["pedigree"], func(p map[string]json.RawMessage) {
		prune(p, keepPedigree)
		p["ancestors"] = pruneComponents(p["ancestors"])
	})
	c["evidence"] = pruneObject(c["evidence"], func(e map[string]json.RawMessage) { prune(e, keepEvidence) })
}

// pruneObject applies f to raw when it is a JSON object; a missing
// member stays missing (nil is dropped by the caller's delete below).
func pruneObject(raw json.RawMessage, f func(map[string]json.RawMessage)) json.RawMessage {
	var m map[string]json.RawMessage
	if raw == nil || json.Unmarshal(raw, &m) != nil || m == nil {
		return raw
	}
	f(m)
	dropNil(m)
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

func pruneComponents(raw json.RawMessage) json.RawMessage {
	var cs []map[string]json.RawMessage
	if raw == nil || json.Unmarshal(raw, &cs) != nil || cs == nil {
		return raw
	}
	for _, c := range cs {
		if c != nil {
			pruneComponent(c)
			dropNil(c)
		}
	}
	out, err := json.Marshal(cs)
	if err != nil {
		return raw
	}
	return out
}

// dropNil removes the members that pruning set to nil (absent).
func dropNil(m map[string]json.RawMessage) {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
}
