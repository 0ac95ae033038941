package epss_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/epss"
)

func ExampleScores_Lookup() {
	const file = `#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000
cve,epss,percentile
CVE-1999-0005,0.91963,0.99030
`
	s, err := epss.Parse(context.Background(), strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, ok := s.Lookup("CVE-1999-0005")
	fmt.Println(s.ModelVersion, s.Date.Format("2006-01-02"), sc.EPSS, sc.Percentile, ok)
	// Output:
	// v2023.03.01 2024-10-25 0.91963 0.9903 true
}
