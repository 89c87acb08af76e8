package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bodyError is an API request body that cannot be read; field names the
// culprit when there is one. The sink answers 400 with it in "fields".
type bodyError struct {
	msg   string
	field string
}

func (e *bodyError) Error() string { return "http: unreadable body: " + e.msg }

// decodeJSON reads the request body, one JSON object, into dst. It refuses
// an empty body, anything but an object, unknown fields, values of the
// wrong type, numbers that overflow their field and trailing data, each with
// a message that names the field. A body over the API's limit stays a
// *http.MaxBytesError (413).
func decodeJSON(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return &bodyError{msg: "the request body is empty: send a JSON object"}
	case body[0] != '{':
		return &bodyError{msg: "the request body must be a JSON object"}
	case !utf8.Valid(body):
		// encoding/json would store U+FFFD for each bad byte, silently;
		// JSON is UTF-8 (RFC 8259), and the forms refuse the same bytes.
		return &bodyError{msg: "the request body must be UTF-8"}
	}
	if err := checkKeys(body, dst); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &bodyError{msg: "the request body must hold one JSON object and nothing after it"}
	}
	return nil
}

// jsonProblem turns encoding/json's errors into messages for API clients.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &bodyError{msg: "malformed JSON at byte " + strconv.FormatInt(syn.Offset, 10)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &bodyError{msg: "malformed JSON: the body ends too early"}
	case errors.As(err, &typ):
		if typ.Field == "" {
			return &bodyError{msg: "the request body must be a JSON object"}
		}
		msg := typ.Field + " must be " + jsonKind(typ.Type)
		if strings.HasPrefix(typ.Value, "number") && isNumeric(typ.Type) {
			msg = typ.Field + " is out of range for " + jsonKind(typ.Type)
			// 3.5 or 2.0 for an integer field is not too large: it is not whole.
			if isInteger(typ.Type) && strings.ContainsAny(strings.TrimPrefix(typ.Value, "number "), ".eE") {
				msg = typ.Field + " must be a whole number"
			}
		}
		return &bodyError{msg: msg, field: typ.Field}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return &bodyError{msg: "unknown field " + strconv.Quote(name), field: name}
	}
	return &bodyError{msg: "malformed JSON"}
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func isNumeric(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// jsonKind names a Go type as a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// checkKeys refuses what encoding/json lets through silently: a key twice
// in one object (the last would win) and, at the top level, a key that
// matches a field only without regard to case ("STATUS" for "status"),
// which the API treats as the unknown field it is. A body that is not
// valid JSON is left to the decoder's messages.
func checkKeys(body []byte, dst any) error {
	exact := map[string]bool{}
	var fields func(t reflect.Type)
	fields = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				fields(f.Type) // promoted fields
			case name == "" && f.IsExported():
				exact[f.Name] = true
			case name != "" && name != "-":
				exact[name] = true
			}
		}
	}
	if t := reflect.TypeOf(dst); t != nil && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		fields(t.Elem())
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func(depth int) error
	walk = func(depth int) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if seen[key] {
					return &bodyError{msg: "duplicate field " + strconv.Quote(key), field: key}
				}
				seen[key] = true
				if depth == 0 && len(exact) > 0 && !exact[key] {
					return &bodyError{msg: "unknown field " + strconv.Quote(key), field: key}
				}
				if err := walk(depth + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token() // '}'
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(depth + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ']'
			return err
		}
		return nil
	}
	if err := walk(0); err != nil {
		var be *bodyError
		if errors.As(err, &be) {
			return err
		}
		return nil // malformed: the decoder says how
	}
	return nil
}
