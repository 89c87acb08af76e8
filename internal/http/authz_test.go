package http_test

// THE AUTHORIZATION MATRIX.
//
// Adding or changing a route? Add or change its row in authzMatrix below: one
// line saying what each actor gets. TestAuthorizationMatrix walks the real chi
// router and fails for a route without a row, and for a row whose route is
// gone. A forbidden actor must never get 2xx or 3xx (except the redirect of
// an anonymous visitor to /login): write the status you mean, and the test
// holds the code to it.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The actors, in the order of an access array.
const (
	anonymous = iota // no session
	outsider         // logged in, owner of another organization
	member           // role member of the organization under test
	admin            // role admin
	owner            // role owner
	actors
)

var actorNames = [actors]string{"anonymous", "outsider", "member", "admin", "owner"}

// access is the expected status per actor: {anonymous, outsider, member, admin, owner}.
type access [actors]int

// everyone: every actor gets code (public pages, operations endpoints).
func everyone(code int) access { return access{code, code, code, code, code} }

// loggedIn: visitors are sent to log in; every user gets code.
func loggedIn(code int) access { return access{303, code, code, code, code} }

// tenant: any member of the organization gets code; outsiders a 404.
func tenant(code int) access { return access{303, 404, code, code, code} }

// managers: owners and admins get code; members 403; outsiders 404.
func managers(code int) access { return access{303, 404, 403, code, code} }

// ownerOnly: only owners get code.
func ownerOnly(code int) access { return access{303, 404, 403, 403, code} }

// authzRow is one route. Path parameters other than {slug} (which becomes
// the organization under test) take the value in params, else "x".
type authzRow struct {
	method  string            // as chi.Walk reports it; "*" covers every method of the pattern without a row of its own
	pattern string            // as chi.Walk reports it
	want    access            // status per actor
	form    url.Values        // request body of a POST, PUT or PATCH (nil: empty form)
	params  map[string]string // values of {token}, {key}, {id}…
}

var authzMatrix = []authzRow{
	// Operations and assets.
	{method: "GET", pattern: "/healthz", want: everyone(200)},
	{method: "GET", pattern: "/readyz", want: everyone(200)},
	{method: "GET", pattern: "/metrics", want: everyone(200)},
	{method: "GET", pattern: "/static/*", want: everyone(200)},
	{method: "HEAD", pattern: "/static/*", want: everyone(200)},
	{method: "*", pattern: "/static/*", want: everyone(405)},

	// Public pages and authentication.
	{method: "GET", pattern: "/", want: everyone(200)},
	{method: "GET", pattern: "/template", want: everyone(200)},
	{method: "GET", pattern: "/signup", want: everyone(200)},
	{method: "POST", pattern: "/signup", want: everyone(422)},
	{method: "GET", pattern: "/login", want: access{200, 303, 303, 303, 303}},
	{method: "POST", pattern: "/login", want: everyone(422)},
	{method: "POST", pattern: "/logout", want: everyone(303)},
	{method: "GET", pattern: "/password/forgot", want: everyone(200)},
	{method: "POST", pattern: "/password/forgot", want: everyone(422)},
	{method: "GET", pattern: "/password/reset/{token}", want: everyone(410), params: p("token", "not-a-reset-token")},
	{method: "POST", pattern: "/password/reset/{token}", want: everyone(410), params: p("token", "not-a-reset-token")},
	{method: "GET", pattern: "/invitations/{token}", want: everyone(404), params: p("token", "not-an-invitation-token")},
	{method: "POST", pattern: "/invitations/{token}", want: everyone(404), params: p("token", "not-an-invitation-token")},

	// The user's organizations.
	{method: "GET", pattern: "/orgs", want: loggedIn(200)},
	{method: "GET", pattern: "/orgs/new", want: loggedIn(200)},
	{method: "POST", pattern: "/orgs", want: loggedIn(422)},

	// Tenant pages.
	{method: "GET", pattern: "/o/{slug}/", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/skills", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/skills/me", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/kpis", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/infrastructure", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/maturity", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/roadmap", want: tenant(200)},

	// Team: members read and may leave; managers invite and manage.
	{method: "GET", pattern: "/o/{slug}/team", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/team/leave", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/team/leave", want: access{303, 404, 303, 303, 409}}, // the last owner cannot leave
	{method: "POST", pattern: "/o/{slug}/team/invitations", want: managers(422)},
	{method: "POST", pattern: "/o/{slug}/team/invitations/{id}/resend", want: managers(404), params: p("id", "999999")},
	{method: "POST", pattern: "/o/{slug}/team/invitations/{id}/revoke", want: managers(404), params: p("id", "999999")},
	{method: "POST", pattern: "/o/{slug}/team/members/{userID}", want: managers(404), params: p("userID", "999999")},
	{method: "GET", pattern: "/o/{slug}/team/members/{userID}/remove", want: managers(404), params: p("userID", "999999")},
	{method: "POST", pattern: "/o/{slug}/team/members/{userID}/remove", want: managers(404), params: p("userID", "999999")},

	// Settings: managers; deleting the organization: owners.
	{method: "GET", pattern: "/o/{slug}/settings", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/settings", want: managers(422)},
	{method: "GET", pattern: "/o/{slug}/settings/tokens", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/settings/tokens", want: managers(422)},
	{method: "POST", pattern: "/o/{slug}/settings/tokens/{id}/revoke", want: managers(404), params: p("id", "999999")},
	{method: "GET", pattern: "/o/{slug}/settings/delete", want: ownerOnly(200)},
	{method: "POST", pattern: "/o/{slug}/settings/delete", want: ownerOnly(422)}, // keep the form wrong: the org must survive

	// JSON API: a bearer token is the only credential; a session cookie is not one.
	{method: "GET", pattern: "/api/v1/org", want: everyone(401)},
}

// p builds a params map from name, value pairs.
func p(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestAuthorizationMatrix requests every route as every actor.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Matrix Org")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	c.newClient().signup("Oscar Outsider", "outsider@example.com", "Outside Org")
	emails := [actors]string{"", "outsider@example.com", "member@example.com", "admin@example.com", "owner@example.com"}

	// Which cells to request: every walked route, with its row.
	walked := walkRoutes(t, c)
	rows := map[string]authzRow{}
	for _, row := range authzMatrix {
		key := row.method + " " + row.pattern
		if _, dup := rows[key]; dup {
			t.Errorf("authzMatrix: two rows for %s", key)
		}
		rows[key] = row
		if strings.HasPrefix(row.pattern, "/o/{slug}") && (row.want[anonymous] != 303 || row.want[outsider] != 404) {
			t.Errorf("authzMatrix %s: a tenant route must send visitors to log in (303) and hide from outsiders (404), row says %v", key, row.want)
		}
	}
	used := map[string]bool{}
	type cell struct {
		method string
		row    authzRow
	}
	var cells []cell
	for _, w := range walked {
		row, ok := rows[w.method+" "+w.pattern]
		if ok {
			used[w.method+" "+w.pattern] = true
		} else if row, ok = rows["* "+w.pattern]; ok {
			used["* "+w.pattern] = true
		} else {
			t.Errorf("route %s %s has no row in authzMatrix (authz_test.go): add one saying what each actor gets", w.method, w.pattern)
			continue
		}
		if w.method == http.MethodConnect {
			continue // net/http's client cannot send a CONNECT with a path
		}
		cells = append(cells, cell{w.method, row})
	}
	for _, row := range authzMatrix {
		if key := row.method + " " + row.pattern; !used[key] {
			t.Errorf("authzMatrix row %s matches no route of the router: remove or fix it", key)
		}
	}

	// Each cell starts from the same memberships, whatever the one before
	// did (left the organization, changed a role…).
	restore := func(t *testing.T) {
		_, err := c.su.Exec(context.Background(), `
			INSERT INTO memberships (org_id, user_id, role)
			SELECT o.id, u.id, v.role
			FROM organizations o, (VALUES ($2, 'owner'), ($3, 'admin'), ($4, 'member')) v (email, role)
			JOIN users u ON u.email = v.email
			WHERE o.slug = $1
			ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
			slug, emails[owner], emails[admin], emails[member])
		if err != nil {
			t.Fatalf("restore memberships: %v", err)
		}
	}

	// One session per actor, renewed whenever a request replaced its token
	// (POST /logout, a login…), so each cell starts logged in.
	sessions := [actors]*client{}
	var tokens [actors]string
	session := func(t *testing.T, a int) *client {
		if a == anonymous {
			return c.in(t).newClient()
		}
		if s := sessions[a]; s != nil && s.session() == tokens[a] {
			return s.in(t)
		}
		s := c.in(t).newClient()
		s.mustLogin(emails[a])
		sessions[a], tokens[a] = s, s.session()
		return s
	}

	for _, cl := range cells {
		path := pathFor(cl.row.pattern, slug, cl.row.params)
		for a := range actors {
			t.Run(fmt.Sprintf("%s %s as %s", cl.method, cl.row.pattern, actorNames[a]), func(t *testing.T) {
				restore(t)
				s := session(t, a)
				var r *response
				switch cl.method {
				case http.MethodPost, http.MethodPut, http.MethodPatch:
					r = s.send(cl.method, path, cl.row.form)
				default:
					r = s.do(s.request(cl.method, path, nil))
				}
				want := cl.row.want[a]
				if r.StatusCode != want {
					t.Errorf("%s %s as %s = %d, want %d (Location %q)", cl.method, path, actorNames[a], r.StatusCode, want, r.location())
				}
				if a == anonymous && r.StatusCode == http.StatusSeeOther && !strings.HasPrefix(r.location(), "/login") {
					t.Errorf("anonymous redirected to %q, want /login…", r.location())
				}
				if a == outsider && r.StatusCode < 400 && strings.HasPrefix(cl.row.pattern, "/o/{slug}") {
					t.Errorf("outsider got %d on another organization's page", r.StatusCode)
				}
			})
		}
	}
	// The walk above must not have destroyed the organization under test.
	if r := c.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK || h1(t, r) != "Matrix Org" {
		t.Errorf("after the matrix the owner's dashboard = %d %q", r.StatusCode, h1(t, r))
	}
}
