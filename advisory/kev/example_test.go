package kev_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/kev"
)

func ExampleCatalog_Lookup() {
	const csv = `cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes
CVE-2021-44228,Apache,Log4j2,"Apache Log4j2 Remote Code Execution Vulnerability",2021-12-10,"JNDI lookups.","Apply updates.",2021-12-24,Known,,"CWE-20, CWE-400, CWE-502"
`
	cat, err := kev.Parse(context.Background(), strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	if e, ok := cat.Lookup("CVE-2021-44228"); ok {
		fmt.Println(e.Product, e.DueDate.Format("2006-01-02"), e.KnownRansomware(), e.CWEs)
	}
	_, ok := cat.Lookup("CVE-2024-3094")
	fmt.Println(ok)
	// Output:
	// Log4j2 2021-12-24 true [CWE-20 CWE-400 CWE-502]
	// false
}
