package roadmap

import (
	"regexp"
	"strings"
	"testing"
)

// The starter catalog's keys are what tick boxes post: unique and stable;
// every tool makes a valid item, and every category but other is offered.
func TestStarterCatalog(t *testing.T) {
	keyRE := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	keys, names, cats := map[string]bool{}, map[string]bool{}, map[Category]int{}
	for _, tool := range StarterCatalog {
		if !keyRE.MatchString(tool.Key) || keys[tool.Key] {
			t.Errorf("key %q is malformed or repeated", tool.Key)
		}
		if names[strings.ToLower(tool.Name)] {
			t.Errorf("name %q is repeated", tool.Name)
		}
		keys[tool.Key], names[strings.ToLower(tool.Name)] = true, true
		cats[tool.Category]++
		it := tool.Item()
		if fe := it.Validate(); len(fe) != 0 {
			t.Errorf("%s: %v", tool.Key, fe)
		}
		if it.Lifecycle != LifecycleAdopt {
			t.Errorf("%s: lifecycle %q", tool.Key, it.Lifecycle)
		}
		if got, ok := CatalogToolByKey(tool.Key); !ok || got != tool {
			t.Errorf("CatalogToolByKey(%q) = %+v, %v", tool.Key, got, ok)
		}
	}
	for _, c := range Categories {
		if c.Key != CategoryOther && cats[c.Key] == 0 {
			t.Errorf("no tool in %s", c.Key)
		}
	}
	if n := len(StarterCatalog); n < 35 || n > 50 {
		t.Errorf("%d tools, want about 40", n)
	}
	if _, ok := CatalogToolByKey("nope"); ok {
		t.Error("found a tool that is not there")
	}
}
