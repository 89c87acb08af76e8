package http

import (
	"context"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxOrgs
	ctxOrg
	ctxSession
	ctxFacts
)

// requestFacts is what the request log reports beyond the route: who made
// the request (ids only, never names or paths).
type requestFacts struct{ userID, orgID int64 }

// noteFacts fills in the request log's facts as middleware learns them.
func noteFacts(ctx context.Context, fn func(*requestFacts)) {
	if f, ok := ctx.Value(ctxFacts).(*requestFacts); ok {
		fn(f)
	}
}

// currentUser is the logged-in user, or nil.
func currentUser(ctx context.Context) *store.User {
	u, _ := ctx.Value(ctxUser).(*store.User)
	return u
}

// userOrgs are the organizations of the logged-in user.
func userOrgs(ctx context.Context) []store.OrgMembership {
	o, _ := ctx.Value(ctxOrgs).([]store.OrgMembership)
	return o
}

// currentOrg is the organization of a /o/{slug}/ request with the user's role.
func currentOrg(ctx context.Context) *store.OrgMembership {
	o, _ := ctx.Value(ctxOrg).(*store.OrgMembership)
	return o
}

// orgPath is the path of a page of org (see web.OrgPath).
func orgPath(org *store.OrgMembership, elems ...string) string {
	return web.OrgPath(org.Slug, elems...)
}
