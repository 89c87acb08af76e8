package testdb

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// Round trips: every test pool carries a pgx tracer that counts the
// database round trips of a context marked by CountRoundTrips. A query or
// exec outside a batch is one (BEGIN and COMMIT included), a batch is one
// however many statements it holds, and preparing a statement is one. The
// session store queries with context.Background(), so only the application's
// own reads and writes are counted.

type tripsKey struct{}

// CountRoundTrips returns ctx marked so that the database round trips made
// with it (or a context derived from it) are added to the returned counter.
func CountRoundTrips(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, tripsKey{}, n), n
}

// RoundTrips wraps h so that each request's round trips are counted; last
// reports those of the request that finished most recently (tests that
// assert on it send their requests one at a time).
func RoundTrips(h http.Handler) (wrapped http.Handler, last func() int64) {
	var latest atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := CountRoundTrips(r.Context())
		h.ServeHTTP(w, r.WithContext(ctx))
		latest.Store(n.Load())
	}), latest.Load
}

type tripTracer struct{}

func count(ctx context.Context) {
	if n, ok := ctx.Value(tripsKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

func (tripTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	count(ctx)
	return ctx
}
func (tripTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (tripTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	count(ctx)
	return ctx
}
func (tripTracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (tripTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func (tripTracer) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	count(ctx)
	return ctx
}
func (tripTracer) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

var (
	_ pgx.QueryTracer   = tripTracer{}
	_ pgx.BatchTracer   = tripTracer{}
	_ pgx.PrepareTracer = tripTracer{}
)
