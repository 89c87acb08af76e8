package store_test

import (
	"context"
	"crypto/rand"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/headwayhq/headway/internal/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func pgxpoolNew(ctx context.Context, url string) (*pgxpool.Pool, error) { return pgxpool.New(ctx, url) }

// rekey is the link material a membership change gives rotated invitations:
// random, as the web layer's would be.
func rekey() (nonce, tokenHash []byte) {
	return []byte(rand.Text()), store.HashToken(rand.Text())
}
