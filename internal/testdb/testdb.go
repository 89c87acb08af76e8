// Package testdb gives each test package a throwaway PostgreSQL cluster,
// started by the same code as the server's private cluster, and each test a
// fresh database copied from a migrated template (CREATE DATABASE … TEMPLATE
// takes milliseconds).
package testdb

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/store"
)

const template = "headway_template"

var (
	cluster *pgcluster.Cluster
	counter atomic.Int64
)

// Main runs the package's tests with a cluster; call it from TestMain:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
func Main(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctx := context.Background()
	// Not t.TempDir(): its parent is root-only, and the cluster may run as
	// the postgres user, who must be able to reach the folder.
	dir, err := os.MkdirTemp("", "hwtest-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		return 0, err
	}
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir + "/pg", Ephemeral: true})
	if err != nil {
		return 0, err
	}
	defer c.Stop()
	if err := c.CreateDatabase(ctx, template, ""); err != nil {
		return 0, err
	}
	if err := store.Migrate(c.URL(pgcluster.OwnerRole, template)); err != nil {
		return 0, err
	}
	cluster = c
	return m.Run(), nil
}

// Cluster is the package's cluster.
func Cluster() *pgcluster.Cluster { return cluster }

// DB is a fresh, migrated database of a test.
type DB struct {
	Name string
	// Pool connects as the application role, as the server does.
	Pool *pgxpool.Pool
}

// New creates a fresh migrated database, dropped when the test ends.
func New(t testing.TB) *DB {
	t.Helper()
	if cluster == nil {
		t.Fatal("testdb: call testdb.Main from TestMain")
	}
	ctx := context.Background()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), counter.Add(1))
	if err := cluster.CreateDatabase(ctx, name, template); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	cfg, err := pgxpool.ParseConfig(cluster.URL(pgcluster.AppRole, name))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	cfg.ConnConfig.Tracer = tripTracer{}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		conn, err := pgx.Connect(ctx, cluster.SuperuserURL("postgres"))
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	})
	return &DB{Name: name, Pool: pool}
}

// Superuser opens a superuser connection to the test's database, for catalog
// checks and for setting up rows behind the application's back.
func (db *DB) Superuser(t testing.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, cluster.SuperuserURL(db.Name))
	if err != nil {
		t.Fatalf("testdb: superuser connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Store is a store over the test's database.
func (db *DB) Store() *store.Store { return store.New(db.Pool) }

// ClusterDir is a temporary folder for a cluster of a test's own, removed
// when the test ends. Not t.TempDir(): its parent is root-only, and the
// cluster may run as the postgres user, who must be able to reach it.
func ClusterDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hwpg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
