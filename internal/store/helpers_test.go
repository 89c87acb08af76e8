package store_test

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func pgxpoolNew(ctx context.Context, url string) (*pgxpool.Pool, error) { return pgxpool.New(ctx, url) }
