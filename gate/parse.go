package gate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ParseError reports what is wrong with a policy file: every problem
// found, each with its line, in line order.
type ParseError struct {
	Problems []Problem
}

// Problem is one thing wrong with a policy file.
type Problem struct {
	// Line is the 1-based line of the offending key or value; 0 when the
	// problem is with the whole file.
	Line    int
	Message string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("gate: policy: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", p.Line)
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// ParsePolicy reads a policy from YAML or JSON (JSON is read as the YAML
// it also is). Field names are lowerCamelCase as in testdata/policy.yaml;
// an unknown field, a duplicate key, a wrong type, a threshold out of
// range (a CVSS score outside 0-10, an EPSS score outside 0-1, a severity,
// mode, status or score source not in the lists, a date not YYYY-MM-DD, a
// negative or malformed duration), a rule without a unique name, an
// exception without an ID or packages, a reason, an owner or an expiry,
// or one naming a stage the policy lacks, makes a *ParseError listing
// every problem found with its line. The policy must say version: 1.
func ParsePolicy(data []byte) (*Policy, error) {
	var raw rawPolicy
	var probs []Problem
	if err := yaml.Unmarshal(data, &raw); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, parseError(err)
		}
		// Problems of type and value: go on to find the rest.
		probs = parseError(err).Problems
	}
	if raw.line == 0 && len(probs) == 0 {
		return nil, &ParseError{Problems: []Problem{{Message: "empty policy"}}}
	}
	metas := []*meta{&raw.meta}
	for _, rs := range raw.Stages {
		if rs != nil {
			metas = append(metas, &rs.meta)
			for _, rr := range rs.Rules {
				if rr != nil {
					metas = append(metas, &rr.meta)
				}
			}
		}
	}
	for _, re := range raw.Exceptions {
		if re != nil {
			metas = append(metas, &re.meta)
		}
	}
	for _, m := range metas {
		if len(m.problems) > 0 {
			probs = append(probs, parseError(&yaml.TypeError{Errors: m.problems}).Problems...)
		}
	}
	add := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
	}
	if raw.Version != 1 && raw.line != 0 && len(probs) == 0 {
		add(raw.line, "version must be 1, not %d", raw.Version)
	}
	p := &Policy{BaseLayers: raw.BaseLayers, Stages: map[string]Stage{}}
	if raw.BaseLayers < 0 {
		add(raw.line, "baseLayers %d is negative", raw.BaseLayers)
	}
	for name, rs := range raw.Stages {
		if rs == nil { // a stage without rules: only its coverage check
			rs = &rawStage{meta: meta{line: raw.line}}
		}
		if name == "" {
			add(rs.line, "a stage name is empty")
		}
		st := Stage{Mode: Mode(rs.Mode), Coverage: Mode(rs.Coverage), EndOfLife: Mode(rs.EndOfLife)}
		seen := map[string]bool{}
		for _, rr := range rs.Rules {
			if rr == nil {
				add(rs.line, "stage %q has an empty rule", name)
				continue
			}
			switch {
			case rr.Name == "":
				add(rr.line, "rule without a name")
			case seen[rr.Name]:
				add(rr.line, "rule name %q used twice in stage %q", rr.Name, name)
			}
			seen[rr.Name] = true
			st.Rules = append(st.Rules, rr.rule())
		}
		p.Stages[name] = st
	}
	for _, re := range raw.Exceptions {
		if re == nil {
			add(raw.line, "empty exception")
			continue
		}
		if re.ID == "" && len(re.Packages) == 0 {
			add(re.line, "exception names neither an id nor packages")
		}
		if re.Reason == "" {
			add(re.line, "exception without a reason")
		}
		if re.Owner == "" {
			add(re.line, "exception without an owner")
		}
		if !re.Expires.given {
			add(re.line, "exception without an expiry date (expires: YYYY-MM-DD)")
		}
		for _, s := range re.Stages {
			if _, ok := raw.Stages[s]; !ok {
				add(re.line, "exception names stage %q, which the policy does not define", s)
			}
		}
		p.Exceptions = append(p.Exceptions, Exception{
			ID: re.ID, Packages: strs(re.Packages), Stages: re.Stages,
			Reason: re.Reason, Owner: re.Owner, Expires: re.Expires.Time, Line: re.line,
		})
	}
	if len(probs) > 0 {
		slices.SortFunc(probs, compareProblems)
		return nil, &ParseError{Problems: probs}
	}
	return p, nil
}

func compareProblems(a, b Problem) int {
	return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Message, b.Message))
}

// lineRE finds the line yaml names at the start of its messages.
var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parseError turns what yaml returned into a *ParseError.
func parseError(err error) *ParseError {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	pe := &ParseError{}
	for _, m := range msgs {
		p := Problem{Message: strings.TrimPrefix(m, "yaml: ")}
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			p.Line, _ = strconv.Atoi(sm[1])
			p.Message = sm[2]
		}
		p.Message = strings.NewReplacer("gate.raw", "", "gate.", "").Replace(p.Message)
		pe.Problems = append(pe.Problems, p)
	}
	slices.SortStableFunc(pe.Problems, compareProblems)
	return pe
}

// The raw types mirror the policy file. Each struct decodes itself through
// decodeStrict, which rejects unknown fields and records the line; each
// leaf type checks its value and reports the line.
type (
	rawPolicy struct {
		Version    int                  `yaml:"version"`
		BaseLayers int                  `yaml:"baseLayers"`
		Stages     map[string]*rawStage `yaml:"stages"`
		Exceptions []*rawException      `yaml:"exceptions"`
		meta
	}
	rawStage struct {
		Mode      modeWord   `yaml:"mode"`
		Coverage  modeWord   `yaml:"coverage"`
		EndOfLife modeWord   `yaml:"endOfLife"`
		Rules     []*rawRule `yaml:"rules"`
		meta
	}
	rawRule struct {
		Name           string        `yaml:"name"`
		Mode           modeWord      `yaml:"mode"`
		Packages       []purlPattern `yaml:"packages"`
		Ecosystems     []ecosystem   `yaml:"ecosystems"`
		Layers         layersWord    `yaml:"layers"`
		MaxCVSS        *score        `yaml:"maxCvss"`
		ScoreFrom      []scoreSource `yaml:"scoreFrom"`
		MinSeverity    severityWord  `yaml:"minSeverity"`
		FixedOnly      bool          `yaml:"fixedOnly"`
		IgnoreStatuses []statusWord  `yaml:"ignoreStatuses"`
		KEV            bool          `yaml:"kev"`
		MaxEPSS        *probability  `yaml:"maxEpss"`
		MaxFixAge      *age          `yaml:"maxFixAge"`
		meta
	}
	rawException struct {
		ID       string        `yaml:"id"`
		Packages []purlPattern `yaml:"packages"`
		Stages   []string      `yaml:"stages"`
		Reason   string        `yaml:"reason"`
		Owner    string        `yaml:"owner"`
		Expires  date          `yaml:"expires"`
		meta
	}
)

func (r *rawPolicy) UnmarshalYAML(n *yaml.Node) error {
	type plain rawPolicy
	return decodeStrict(n, (*plain)(r), &r.meta)
}

func (r *rawStage) UnmarshalYAML(n *yaml.Node) error {
	type plain rawStage
	return decodeStrict(n, (*plain)(r), &r.meta)
}

func (r *rawRule) UnmarshalYAML(n *yaml.Node) error {
	type plain rawRule
	return decodeStrict(n, (*plain)(r), &r.meta)
}

func (r *rawException) UnmarshalYAML(n *yaml.Node) error {
	type plain rawException
	return decodeStrict(n, (*plain)(r), &r.meta)
}

func (r *rawRule) rule() Rule {
	out := Rule{
		Name: r.Name, Mode: Mode(r.Mode), Packages: strs(r.Packages), Layers: Layers(r.Layers),
		MinSeverity: string(r.MinSeverity), FixedOnly: r.FixedOnly, KEV: r.KEV,
	}
	for _, e := range r.Ecosystems {
		out.Ecosystems = append(out.Ecosystems, string(e))
	}
	for _, s := range r.ScoreFrom {
		out.ScoreFrom = append(out.ScoreFrom, string(s))
	}
	for _, s := range r.IgnoreStatuses {
		out.IgnoreStatuses = append(out.IgnoreStatuses, string(s))
	}
	if r.MaxCVSS != nil {
		f := float64(*r.MaxCVSS)
		out.MaxCVSS = &f
	}
	if r.MaxEPSS != nil {
		f := float64(*r.MaxEPSS)
		out.MaxEPSS = &f
	}
	if r.MaxFixAge != nil {
		d := time.Duration(*r.MaxFixAge)
		out.MaxFixAge = &d
	}
	return out
}

func strs[S ~string](in []S) []string {
	var out []string
	for _, s := range in {
		out = append(out, string(s))
	}
	return out
}

// meta is what decodeStrict records of a struct in the policy file: its
// line, and the problems with its own fields ("line N: message").
type meta struct {
	line     int
	problems []string
}

// decodeStrict decodes the mapping n into v (a pointer to a struct whose
// fields carry yaml tags and which embeds m), recording n's line in m and
// every key that names no field and every problem with a field's value in
// m.problems, so that the struct is kept and checked further. A node that
// is not a mapping is a *yaml.TypeError, which yaml gathers with the rest.
func decodeStrict(n *yaml.Node, v any, m *meta) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	m.line = n.Line
	if n.Kind != yaml.MappingNode {
		return lineError(n, "expected a mapping, found %s", describe(n))
	}
	known := map[string]bool{}
	t := reflect.TypeOf(v).Elem()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			known[tag] = true
		}
	}
	var msgs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			msgs = append(msgs, fmt.Sprintf("line %d: unknown field %q", k.Line, k.Value))
		}
	}
	if err := n.Decode(v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		msgs = append(msgs, te.Errors...)
	}
	m.problems = msgs
	return nil
}

func lineError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: ", n.Line) + fmt.Sprintf(format, args...)}}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// scalar returns n's value, or an error when n is not a scalar.
func scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", lineError(n, "%s: expected a value, found %s", what, describe(n))
	}
	return n.Value, nil
}

// Leaf types: each checks its value.
type (
	score       float64
	probability float64
	age         time.Duration
	date        struct {
		time.Time
		given bool // even if malformed
	}
	modeWord     string
	layersWord   string
	severityWord string
	statusWord   string
	scoreSource  string
	purlPattern  string
	ecosystem    string
)

func number(n *yaml.Node, what string, lo, hi float64) (float64, error) {
	s, err := scalar(n, what)
	if err != nil {
		return 0, err
	}
	var f float64
	if n.Tag != "!!int" && n.Tag != "!!float" || n.Decode(&f) != nil {
		return 0, lineError(n, "%s %q is not a number", what, s)
	}
	if math.IsNaN(f) || f < lo || f > hi {
		return 0, lineError(n, "%s %s is outside %g-%g", what, s, lo, hi)
	}
	return f, nil
}

func (s *score) UnmarshalYAML(n *yaml.Node) error {
	f, err := number(n, "CVSS score", 0, 10)
	*s = score(f)
	return err
}

func (p *probability) UnmarshalYAML(n *yaml.Node) error {
	f, err := number(n, "EPSS score", 0, 1)
	*p = probability(f)
	return err
}

// parseAge reads a duration as Go writes it ("72h", "90m") or a whole
// number of days or weeks ("30d", "2w").
func parseAge(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			k, err := strconv.ParseUint(num, 10, 16)
			if err != nil {
				return 0, fmt.Errorf("%q is not a whole number of %s", s, map[string]string{"d": "days", "w": "weeks"}[suffix])
			}
			return time.Duration(k) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (30d, 2w, 72h)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

func (a *age) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalar(n, "maxFixAge")
	if err != nil {
		return err
	}
	d, err := parseAge(s)
	if err != nil {
		return lineError(n, "maxFixAge %v", err)
	}
	*a = age(d)
	return nil
}

func (d *date) UnmarshalYAML(n *yaml.Node) error {
	d.given = true
	s, err := scalar(n, "expires")
	if err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return lineError(n, "expires %q is not a date (YYYY-MM-DD)", s)
	}
	d.Time = t
	return nil
}

// word reads a scalar that must be one of allowed (compared without case)
// and returns it lowercased.
func word(n *yaml.Node, what string, allowed ...string) (string, error) {
	s, err := scalar(n, what)
	if err != nil {
		return "", err
	}
	if l := strings.ToLower(s); slices.Contains(allowed, l) {
		return l, nil
	}
	return "", lineError(n, "%s %q is not one of %s", what, s, strings.Join(allowed, ", "))
}

func (m *modeWord) UnmarshalYAML(n *yaml.Node) error {
	s, err := word(n, "mode", string(ModeEnforce), string(ModeWarn), string(ModeOff))
	*m = modeWord(s)
	return err
}

func (l *layersWord) UnmarshalYAML(n *yaml.Node) error {
	s, err := word(n, "layers", string(LayersBase), string(LayersApplication))
	*l = layersWord(s)
	return err
}

func (s *severityWord) UnmarshalYAML(n *yaml.Node) error {
	w, err := word(n, "severity", "negligible", "low", "medium", "high", "critical")
	*s = severityWord(w)
	return err
}

func (s *statusWord) UnmarshalYAML(n *yaml.Node) error {
	w, err := word(n, "status", "will_not_fix", "under_investigation")
	*s = statusWord(w)
	return err
}

func (s *scoreSource) UnmarshalYAML(n *yaml.Node) error {
	w, err := word(n, "score source", "4.0", "3.1", "3.0", "2.0", "distro")
	*s = scoreSource(w)
	return err
}

// ecosystemRE is what a package URL type may be.
var ecosystemRE = regexp.MustCompile(`^[a-z][a-z0-9.+-]*$`)

func (e *ecosystem) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalar(n, "ecosystem")
	if err != nil {
		return err
	}
	s = strings.ToLower(s)
	if !ecosystemRE.MatchString(s) {
		return lineError(n, "ecosystem %q is not a package URL type (deb, npm, pypi, ...)", s)
	}
	*e = ecosystem(s)
	return nil
}

func (p *purlPattern) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalar(n, "package pattern")
	if err != nil {
		return err
	}
	typ, rest, ok := strings.Cut(strings.TrimPrefix(s, "pkg:"), "/")
	if !strings.HasPrefix(s, "pkg:") || !ok || typ == "" || rest == "" {
		return lineError(n, "package pattern %q is not a package URL pattern (pkg:TYPE/NAMESPACE/NAME, * for any run of characters)", s)
	}
	*p = purlPattern(s)
	return nil
}
