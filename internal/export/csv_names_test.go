package export

import (
	"errors"
	"strings"
	"testing"
)

// A tool appears once: a name twice in the file, or one the inventory has
// (in any case), is an error on its row.
func TestParseNewStackItemsRefusesTakenNames(t *testing.T) {
	file := strings.Join([]string{
		strings.Join(StackHeader, ","),
		"GitHub,source_control,adopt,0,linear,3,0,,",
		"Terraform,iac,adopt,0,flat,3,0,,",
		"terraform,iac,trial,0,flat,3,0,,",
		"Datadog,observability,adopt,0,superlinear,3,0,,",
	}, "\n")
	_, err := ParseNewStackItems(strings.NewReader(file), []string{"datadog"})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *ImportError", err)
	}
	want := []string{
		"Row 4, name: “terraform” is also on row 3: a tool appears once.",
		"Row 5, name: “Datadog” is already in the inventory: a tool appears once.",
	}
	var got []string
	for _, e := range ie.Errors {
		got = append(got, e.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if items, err := ParseNewStackItems(strings.NewReader(file), nil); err == nil || items != nil {
		t.Errorf("the file's own duplicate passed: %v", err)
	}
}
