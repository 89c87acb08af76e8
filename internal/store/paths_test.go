package store_test

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
)

// The guards below read the whole module with type information, so a use is
// found whatever the receiver is called, through an alias, a method value, a
// promoted field or a package-level function literal, in any package.
//
// To allow a new use, after review: run the test, copy the key it prints
// (the enclosing top-level function, "pkg.f" or "pkg.(*T).m", or
// "pkg.name" for a package-level var), and add {uses, "why"} to the map;
// uses is how many times that function touches the pool (or the setting),
// so a reviewed function cannot grow a new query unnoticed. An entry whose
// function no longer matches fails too: remove or recount it. Helpers that
// go through inTenant (tenantAll, tenantOne) need no entry, and anything in
// internal/store/tenant.go may set a tenant setting without one.
const storePkg = "github.com/headwayhq/headway/internal/store"

type reviewed struct {
	uses int    // how many uses the review covered
	why  string // why it may bypass the tenant transaction
}

// directPoolUse lists the functions that may touch Store.pool or call
// (*Store).Pool outside a tenant transaction. Tenant data must go through
// inTenant (or readTenant, readAsUser, byTokenHash).
var directPoolUse = map[string]reviewed{
	storePkg + ".New":                                {1, "constructs the Store"},
	storePkg + ".(*Store).Pool":                      {1, "the accessor: each caller is listed below"},
	storePkg + ".(*Store).inTenant":                  {1, "the tenant transaction itself (app.org_id)"},
	storePkg + ".(*Store).byTokenHash":               {1, "the one row matching a secret's hash (app.token_hash)"},
	storePkg + ".(*Store).Ping":                      {1, "health check"},
	storePkg + ".(*Store).CheckRole":                 {1, "the connection role, not data"},
	storePkg + ".(*Store).FindUserByEmail":           {1, "users: global identities, not tenant data"},
	storePkg + ".(*Store).FindUserByID":              {1, "users"},
	storePkg + ".(*Store).EmailTaken":                {1, "users"},
	storePkg + ".(*Store).SignUp":                    {1, "creates a user, then the tenant through createOrg, which sets app.org_id"},
	storePkg + ".(*Store).CreateOrg":                 {1, "createOrg sets app.org_id before writing"},
	storePkg + ".(*Store).LoadSample":                {1, "the sample's loadSample starts with createOrg, which sets app.org_id before writing"},
	storePkg + ".(*Store).readByToken":               {1, "a batch of reads as the tenant of the row matching a secret's hash"},
	storePkg + ".(*Store).readAs":                    {1, "a batch of reads whose first statement sets its setting (readTenant, readAsUser)"},
	storePkg + ".(*Store).asUser":                    {1, "a transaction whose first statement sets app.user_id (the account's own rows)"},
	storePkg + ".(*Store).readTenants":               {1, "a batch setting app.org_id before each organization's reads"},
	storePkg + ".(*Store).CreatePasswordReset":       {1, "password_resets: per user, not tenant data"},
	storePkg + ".(*Store).FindPasswordReset":         {1, "password_resets and users"},
	storePkg + ".(*Store).ResetPassword":             {1, "password_resets and users"},
	"github.com/headwayhq/headway/internal/http.New": {1, "the scs session store (sessions has no org_id)"},
}

// tenantSettingUse lists the functions outside internal/store/tenant.go that
// may set a tenant setting (app.org_id, app.user_id, app.token_hash): through
// setLocal, enterTenant (a transaction switching to a tenant it found) or SQL
// naming set_config. Every other one belongs in tenant.go, beside inTenant,
// where the transaction-local rule is reviewed once.
var tenantSettingUse = map[string]reviewed{
	storePkg + ".createOrg":              {1, "the new organization's id is the tenant of its own inserts"},
	storePkg + ".invitationByHash":       {1, "after the token lookup, acts as the invitation's tenant"},
	storePkg + ".(*Store).DeleteAccount": {2, "acts in turn as each organization of the account being deleted (owner check under lock, audit, link rotation)"},
}

// settingSQL is SQL that sets a setting: set_config, or a plain SET, which
// would outlive the transaction on the pooled connection.
var settingSQL = regexp.MustCompile(`(?i)set_config|\bset\s+(local\s+|session\s+)?"?app\.`)

var (
	moduleOnce sync.Once
	modulePkgs []*packages.Package
	moduleErr  error
)

// loadModule type-checks every package of the module once (test files
// excluded: tests may reach the database from behind the application's back).
func loadModule(t *testing.T) []*packages.Package {
	t.Helper()
	moduleOnce.Do(func() {
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
				packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
			Dir: filepath.Join("..", ".."),
		}
		modulePkgs, moduleErr = packages.Load(cfg, "./...")
		if moduleErr == nil {
			var errs []string
			packages.Visit(modulePkgs, nil, func(p *packages.Package) {
				for _, e := range p.Errors {
					errs = append(errs, e.Error())
				}
			})
			if len(errs) > 0 {
				moduleErr = fmt.Errorf("loading the module: %s", strings.Join(errs, "; "))
			}
		}
	})
	if moduleErr != nil {
		t.Fatal(moduleErr)
	}
	return modulePkgs
}

// storeObjects finds the Store.pool field, the (*Store).Pool method and the
// setLocal and enterTenant functions in the loaded store package.
func storeObjects(t *testing.T, pkgs []*packages.Package) (pool, poolMethod, setLocal, enterTenant types.Object) {
	t.Helper()
	for _, p := range pkgs {
		if p.PkgPath != storePkg {
			continue
		}
		st := p.Types.Scope().Lookup("Store")
		if st == nil {
			t.Fatal("no type Store in " + storePkg)
		}
		ptr := types.NewPointer(st.Type())
		pool, _, _ = types.LookupFieldOrMethod(ptr, true, p.Types, "pool")
		poolMethod, _, _ = types.LookupFieldOrMethod(ptr, true, p.Types, "Pool")
		setLocal = p.Types.Scope().Lookup("setLocal")
		enterTenant = p.Types.Scope().Lookup("enterTenant")
	}
	if pool == nil || poolMethod == nil || setLocal == nil || enterTenant == nil {
		t.Fatalf("store objects not found: Store.pool=%v, (*Store).Pool=%v, setLocal=%v, enterTenant=%v", pool, poolMethod, setLocal, enterTenant)
	}
	return pool, poolMethod, setLocal, enterTenant
}

// enclosing names the top-level declaration holding pos: the function or
// method object, or the package-level variable a function literal initializes.
func enclosing(p *packages.Package, file *ast.File, pos token.Pos) string {
	for _, decl := range file.Decls {
		if pos < decl.Pos() || pos >= decl.End() {
			continue
		}
		switch d := decl.(type) {
		case *ast.FuncDecl:
			return funcKey(p.TypesInfo.Defs[d.Name].(*types.Func))
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok || pos < vs.Pos() || pos >= vs.End() {
					continue
				}
				var names []string
				for _, n := range vs.Names {
					names = append(names, n.Name)
				}
				return p.PkgPath + "." + strings.Join(names, ",")
			}
		}
		return p.PkgPath + ".<declaration>"
	}
	return p.PkgPath + ".<file>"
}

// funcKey is "pkg.f" for a function and "pkg.(*T).m" or "pkg.T.m" for a method.
func funcKey(fn *types.Func) string {
	pkg := fn.Pkg().Path()
	recv := fn.Signature().Recv()
	if recv == nil {
		return pkg + "." + fn.Name()
	}
	// The named type, not an alias of it, so a key does not depend on how
	// the receiver was spelt.
	rt := types.Unalias(recv.Type())
	if ptr, ok := rt.(*types.Pointer); ok {
		rt = types.NewPointer(types.Unalias(ptr.Elem()))
	}
	t := types.TypeString(rt, types.RelativeTo(fn.Pkg()))
	if strings.HasPrefix(t, "*") {
		t = "(" + t + ")"
	}
	return pkg + "." + t + "." + fn.Name()
}

// use is one place where the guarded thing is touched.
type use struct {
	fn, where, what string
}

// checkUses compares what was found with an allow-list, both ways.
func checkUses(t *testing.T, found []use, allowed map[string]reviewed, rule string) {
	t.Helper()
	byFn := map[string][]use{}
	for _, u := range found {
		byFn[u.fn] = append(byFn[u.fn], u)
	}
	for fn, us := range byFn {
		r, ok := allowed[fn]
		switch {
		case ok && (r.uses < 1 || strings.TrimSpace(r.why) == ""):
			t.Errorf("allow-list entry %s needs a count of uses and a reason", fn)
		case !ok:
			for _, u := range us {
				t.Errorf("%s: %s %s; %s (or, after review, add %q to the allow-list)", u.where, fn, u.what, rule, fn)
			}
		case len(us) != r.uses:
			var at []string
			for _, u := range us {
				at = append(at, u.where)
			}
			t.Errorf("%s is reviewed for %d use(s) but has %d (%s): review the change, then update the count", fn, r.uses, len(us), strings.Join(at, ", "))
		}
	}
	for fn := range allowed {
		if _, ok := byFn[fn]; !ok {
			t.Errorf("the allow-list names %s, which no longer does this: remove the entry", fn)
		}
	}
}

// rel is a position relative to the module root.
func rel(p *packages.Package, pos token.Pos) string {
	at := p.Fset.Position(pos)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if r, err := filepath.Rel(root, at.Filename); err == nil {
		at.Filename = r
	}
	return at.String()
}

// Only reviewed functions touch the pool outside a tenant transaction.
func TestTenantDataOnlyThroughTenantTransactions(t *testing.T) {
	pkgs := loadModule(t)
	pool, poolMethod, _, _ := storeObjects(t, pkgs)
	var found []use
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			ast.Inspect(file, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				// Uses covers selectors, method values and expressions, and
				// the keys of a Store{pool: …} literal.
				switch p.TypesInfo.Uses[id] {
				case pool:
					found = append(found, use{enclosing(p, file, id.Pos()), rel(p, id.Pos()), "uses Store.pool"})
				case poolMethod:
					found = append(found, use{enclosing(p, file, id.Pos()), rel(p, id.Pos()), "uses (*Store).Pool"})
				}
				return true
			})
		}
	}
	checkUses(t, found, directPoolUse, "tenant data must go through inTenant")
}

// Tenant settings are set only in tenant.go, or in a reviewed function.
func TestTenantSettingsOnlyInTenantGo(t *testing.T) {
	pkgs := loadModule(t)
	_, _, setLocal, enterTenant := storeObjects(t, pkgs)
	var found []use
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			name := filepath.ToSlash(p.Fset.Position(file.Package).Filename)
			if p.PkgPath == storePkg && strings.HasSuffix(name, "/internal/store/tenant.go") {
				continue
			}
			ast.Inspect(file, func(n ast.Node) bool {
				expr, ok := n.(ast.Expr)
				if !ok {
					return true
				}
				if id, ok := expr.(*ast.Ident); ok && (p.TypesInfo.Uses[id] == setLocal || p.TypesInfo.Uses[id] == enterTenant) {
					found = append(found, use{enclosing(p, file, id.Pos()), rel(p, id.Pos()), "calls " + id.Name})
					return false
				}
				// Any constant string, so a literal, a named constant from
				// another file and a concatenation are all seen (outermost only).
				if tv, ok := p.TypesInfo.Types[expr]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					if settingSQL.MatchString(constant.StringVal(tv.Value)) {
						found = append(found, use{enclosing(p, file, expr.Pos()), rel(p, expr.Pos()), "has SQL setting a setting"})
					}
					return false
				}
				return true
			})
		}
	}
	checkUses(t, found, tenantSettingUse, "tenant settings belong in internal/store/tenant.go")
}
