package export

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// FuzzParseStackCSV: the parser never panics, refuses only with an
// *ImportError, accepts only valid items, and an accepted file exports and
// imports back to the same items.
func FuzzParseStackCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteStackCSV(&buf, trickyItems); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		buf.String(),
		stackHead,
		"",
		"\ufeff" + stackHead + "GitHub,CI/CD,Adopt,1.5,Linear,3,,,\r\n",
		stackHead + "\"a\r\nb\",other,adopt,,flat,3,,,\"x\r\ny\"\n",
		stackHead + "'=1,other,adopt,,flat,3,,,'\r\n",
		stackHead + "A,other,adopt,NaN,flat,3,Inf,,\n",
		stackHead + "A,other,adopt,0x1p3,flat,3,-0,,\n",
		stackHead + "\"unclosed,other\n",
		stackHead + "a\"b,other,adopt,,flat,3,,,\n",
		stackHead + ",,,,,,,,\n\n",
		"notes,owner,support_hours_per_month,scalability,cost_scaling,monthly_cost,lifecycle,category,name\n,,,3,flat,,adopt,other,A\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseStackCSV(bytes.NewReader(data))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || items != nil {
				t.Fatalf("refused with %T %v and %d items", err, err, len(items))
			}
			return
		}
		for _, it := range items {
			if fe := it.Validate(); len(fe) != 0 {
				t.Fatalf("accepted an invalid item %+v: %v", it, fe)
			}
		}
		var out bytes.Buffer
		if err := WriteStackCSV(&out, items); err != nil {
			t.Fatal(err)
		}
		again, err := ParseStackCSV(&out)
		if err != nil {
			t.Fatalf("the export of an accepted file is refused: %v\n%q", err, out.String())
		}
		if len(items) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, items) {
			t.Fatalf("round trip changed the items:\n got %#v\nwant %#v", again, items)
		}
	})
}
