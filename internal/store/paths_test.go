package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// directPoolUse lists the functions that may use the pool outside a tenant
// transaction, and why. Tenant data must go through inTenant (or asUser,
// byTokenHash): a new function that touches s.pool directly fails this test
// until it is added here, with its reason, after review.
var directPoolUse = map[string]string{
	"inTenant":            "the tenant transaction itself",
	"asUser":              "the user's own memberships (app.user_id)",
	"byTokenHash":         "the one row matching a secret's hash (app.token_hash)",
	"Pool":                "the session store and health checks",
	"Ping":                "health check",
	"CheckRole":           "the connection role, not data",
	"FindUserByEmail":     "users: global identities, not tenant data",
	"FindUserByID":        "users",
	"EmailTaken":          "users",
	"SignUp":              "creates a user, then the tenant through createOrg, which sets app.org_id",
	"CreateOrg":           "createOrg sets app.org_id before writing",
	"readAs":              "a batch of reads that sets its GUC first (readTenant, readAsUser)",
	"CreatePasswordReset": "password_resets: per user, not tenant data",
	"FindPasswordReset":   "password_resets and users",
	"ResetPassword":       "password_resets and users",
}

func TestTenantDataOnlyThroughTenantTransactions(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var used []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "pool" {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "s" {
						used = append(used, fn.Name.Name)
						if _, allowed := directPoolUse[fn.Name.Name]; !allowed {
							t.Errorf("%s: %s uses the pool directly; tenant data must go through inTenant", fset.Position(sel.Pos()), fn.Name.Name)
						}
					}
				}
				return true
			})
		}
	}
	for name := range directPoolUse {
		if !slices.Contains(used, name) {
			t.Errorf("directPoolUse lists %s, which no longer uses the pool: remove it", name)
		}
	}
}
