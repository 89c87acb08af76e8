package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

type decodeTarget struct {
	Name   string   `json:"name"`
	Count  int32    `json:"count"`
	Cost   float64  `json:"cost"`
	Active *bool    `json:"active"`
	Tags   []string `json:"tags"`
	Nested struct {
		Level int `json:"level"`
	} `json:"nested"`
}

func decodeBody(body string) (decodeTarget, error) {
	var v decodeTarget
	r := httptest.NewRequest(http.MethodPost, "/api/v1/x", strings.NewReader(body))
	return v, headway.DecodeJSON(r, &v)
}

// The API's decoder refuses what a strict API must, naming the field.
func TestDecodeJSONRefusals(t *testing.T) {
	tests := []struct {
		name, body, msg, field string
	}{
		{"empty body", "", "the request body is empty: send a JSON object", ""},
		{"only spaces", "  \n ", "the request body is empty: send a JSON object", ""},
		{"an array", `[{"name":"x"}]`, "the request body must be a JSON object", ""},
		{"a string", `"x"`, "the request body must be a JSON object", ""},
		{"null", `null`, "the request body must be a JSON object", ""},
		{"unknown field", `{"name":"x","colour":"red"}`, `unknown field "colour"`, "colour"},
		{"unknown nested field", `{"nested":{"deep":1}}`, `unknown field "deep"`, "deep"},
		{"trailing object", `{"name":"x"}{"name":"y"}`, "the request body must hold one JSON object and nothing after it", ""},
		{"trailing garbage", `{"name":"x"} true`, "the request body must hold one JSON object and nothing after it", ""},
		{"wrong type", `{"count":"ten"}`, "count must be an integer", "count"},
		{"fraction for an integer", `{"count":1.5}`, "count must be a whole number", "count"},
		{"not UTF-8", "{\"name\":\"\xff\xfe\"}", "the request body must be UTF-8", ""},
		{"exponent for an integer", `{"count":2.0e1}`, "count must be a whole number", "count"},
		{"overflowing integer", `{"count":3000000000}`, "count is out of range for an integer", "count"},
		{"overflowing float", `{"cost":1e400}`, "cost is out of range for a number", "cost"},
		{"bool as string", `{"active":"yes"}`, "active must be true or false", "active"},
		{"object for array", `{"tags":{"a":1}}`, "tags must be an array", "tags"},
		{"nested wrong type", `{"nested":{"level":"high"}}`, "nested.level must be an integer", "nested.level"},
		{"syntax error", `{"name":}`, "malformed JSON at byte 9", ""},
		{"cut short", `{"name":"x"`, "malformed JSON: the body ends too early", ""},
		{"a key twice", `{"name":"x","count":1,"name":"y"}`, `duplicate field "name"`, "name"},
		{"a nested key twice", `{"nested":{"level":1,"level":2}}`, `duplicate field "level"`, "level"},
		{"a field in another case", `{"NAME":"x"}`, `unknown field "NAME"`, "NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeBody(tt.body)
			msg, field, ok := headway.IsBodyError(err)
			if !ok {
				t.Fatalf("err = %v, want a refused body", err)
			}
			if msg != tt.msg || field != tt.field {
				t.Errorf("refusal = %q (field %q), want %q (field %q)", msg, field, tt.msg, tt.field)
			}
		})
	}
}

func TestDecodeJSONAccepts(t *testing.T) {
	v, err := decodeBody(` {"name":"CI","count":2147483647,"cost":12.5,"active":false,"tags":["a"],"nested":{"level":3}}` + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "CI" || v.Count != 2147483647 || v.Cost != 12.5 || v.Active == nil || *v.Active || len(v.Tags) != 1 || v.Nested.Level != 3 {
		t.Errorf("decoded %+v", v)
	}
}

// Whatever the body, the decoder answers nil or a refusal with a message;
// it never panics and never accepts trailing data.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{"", "{}", `{"name":"x"}`, `[1]`, `{"count":1e9}`, `{"a":1}`, `{"name":"x"} {}`, `{"nested":{"level":1}}`, "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		_, err := decodeBody(body)
		if err == nil {
			if trimmed := strings.TrimSpace(body); trimmed == "" || trimmed[0] != '{' {
				t.Fatalf("accepted %q", body)
			}
			return
		}
		if msg, _, ok := headway.IsBodyError(err); !ok || msg == "" {
			t.Fatalf("%q: err %v is not a refusal with a message", body, err)
		}
	})
}
