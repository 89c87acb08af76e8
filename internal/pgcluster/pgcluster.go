// Package pgcluster runs a private PostgreSQL cluster from the system's
// binaries: the server's default database when DATABASE_URL is unset, and the
// throwaway database of every test package.
//
// The cluster listens on a Unix socket only, so it never clashes with another
// PostgreSQL on the machine. initdb refuses to run as root, so when we are root
// the cluster runs as the unprivileged "postgres" OS user. The postmaster is
// our child with a parent-death signal: a killed server never leaves it behind.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"

	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Role and database names inside the cluster.
const (
	Database   = "headway"
	OwnerRole  = "headway_owner" // owns the schema, runs migrations
	AppRole    = "headway_app"   // what the server connects as: owns nothing, no BYPASSRLS
	superuser  = "postgres"
	pgOSUser   = "postgres"
	maxSockLen = 90 // Unix socket paths must stay under ~107 bytes, with ".s.PGSQL.5432" appended
)

// Options configure a cluster.
type Options struct {
	// Dir holds the cluster's data (created by initdb on first start).
	Dir string
	// Ephemeral trades durability for speed (fsync off): for tests only.
	Ephemeral bool
	// Log receives the postmaster's output; nil discards it.
	Log io.Writer
}

// Cluster is a running postmaster.
type Cluster struct {
	dir     string
	sockDir string
	ownSock bool
	cmd     *exec.Cmd
	done    chan struct{}
	waitErr error
	once    sync.Once
}

// ErrNoBinaries means no PostgreSQL server binaries were found.
var ErrNoBinaries = errors.New("pgcluster: no PostgreSQL server binaries (initdb, postgres) found on PATH or under /usr/lib/postgresql/*/bin")

// BinDir finds the folder holding initdb and postgres: PATH first, then the
// newest /usr/lib/postgresql/*/bin.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// Start initializes the cluster on first use, starts the postmaster and
// makes sure the roles and database exist. Call Stop when done.
func Start(ctx context.Context, opt Options) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, err
	}
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("pgcluster: create %s: %w", dir, err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("pgcluster: chown %s: %w", dir, err)
		}
	}
	log := opt.Log
	if log == nil {
		log = io.Discard
	}

	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		args := []string{"-D", dir, "-U", superuser, "--auth-local=trust", "--auth-host=reject",
			"-E", "UTF8", "--locale=C", "--no-instructions"}
		if opt.Ephemeral {
			args = append(args, "--no-sync")
		}
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Dir = "/"
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pgcluster: initdb %s: %w\n%s", dir, err, out)
		}
	}

	c := &Cluster{dir: dir, done: make(chan struct{})}
	c.sockDir = filepath.Join(dir, "run")
	if len(c.sockDir) > maxSockLen {
		if c.sockDir, err = os.MkdirTemp("", "hwpg-"); err != nil {
			return nil, err
		}
		c.ownSock = true
	} else if err := os.MkdirAll(c.sockDir, 0o700); err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(c.sockDir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}

	args := []string{"-D", dir, "-k", c.sockDir, "-c", "listen_addresses=",
		"-c", "unix_socket_permissions=0700", "-c", "max_connections=200"}
	if opt.Ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), args...)
	c.cmd.Dir = "/"
	c.cmd.Stdout, c.cmd.Stderr = log, log
	c.cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		// Our own process group: a Ctrl-C in the terminal reaches only the
		// server, which drains its requests before stopping the database.
		Setpgid: true,
		// The parent-death signal follows the thread that forked, so that
		// thread must stay ours while starting.
		Pdeathsig: syscall.SIGQUIT,
	}
	// The parent-death signal fires when the thread that forked exits, not
	// the process: start from a goroutine that keeps its thread locked (so
	// the runtime never retires it) until postgres itself has exited.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := c.cmd.Start(); err != nil {
			runtime.UnlockOSThread()
			started <- err
			return
		}
		started <- nil
		c.waitErr = c.cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("pgcluster: start postgres: %w", err)
	}

	if err := c.waitReady(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	if err := c.bootstrap(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// credential returns whom to run PostgreSQL as: nil (ourselves) unless we are root.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(pgOSUser)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root needs the %q OS user (apt-get install postgresql creates it): %w", pgOSUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (c *Cluster) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.URL(superuser, "postgres"))
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		select {
		case <-c.done:
			return fmt.Errorf("pgcluster: postgres exited during start-up (%v); is another server using %s?", c.waitErr, c.dir)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pgcluster: postgres not ready after 60s: %w", err)
		}
	}
}

// bootstrap creates the roles and the database; it is idempotent so that an
// interrupted first start heals on the next one.
func (c *Cluster) bootstrap(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.URL(superuser, "postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for _, role := range []string{OwnerRole, AppRole} {
		var exists bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if _, err := conn.Exec(ctx, `CREATE ROLE `+role+` LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`); err != nil {
				return err
			}
		}
	}
	return c.CreateDatabase(ctx, Database, "")
}

// CreateDatabase creates name (owned by OwnerRole, optionally copied from
// template) unless it exists.
func (c *Cluster) CreateDatabase(ctx context.Context, name, template string) error {
	conn, err := pgx.Connect(ctx, c.URL(superuser, "postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return err
	}
	sql := `CREATE DATABASE ` + pgx.Identifier{name}.Sanitize() + ` OWNER ` + OwnerRole
	if template != "" {
		sql += ` TEMPLATE ` + pgx.Identifier{template}.Sanitize()
	}
	if _, err := conn.Exec(ctx, sql); err != nil {
		return err
	}
	// The application role may connect and use the schema, nothing more:
	// table privileges come from the migrations.
	db, err := pgx.Connect(ctx, c.URL(superuser, name))
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	_, err = db.Exec(ctx, `ALTER SCHEMA public OWNER TO `+OwnerRole+`; REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO `+AppRole)
	return err
}

// URL is a postgres:// URL for role on database db over the Unix socket
// (understood by pgx and, with the pgx5 scheme, by golang-migrate).
func (c *Cluster) URL(role, db string) string {
	q := url.Values{"host": {c.sockDir}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User(role), Host: "", Path: "/" + db, RawQuery: q.Encode()}).String()
}

// AppURL and OwnerURL are the server's and the migrations' connection strings.
func (c *Cluster) AppURL() string   { return c.URL(AppRole, Database) }
func (c *Cluster) OwnerURL() string { return c.URL(OwnerRole, Database) }

// SuperuserURL reaches the maintenance database as superuser (tests only).
func (c *Cluster) SuperuserURL(db string) string { return c.URL(superuser, db) }

// Stop shuts the postmaster down (fast mode: open sessions are cut) and
// waits for it to exit.
func (c *Cluster) Stop() error {
	c.once.Do(func() {
		_ = c.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			_ = c.cmd.Process.Signal(syscall.SIGQUIT)
			<-c.done
		}
		if c.ownSock {
			os.RemoveAll(c.sockDir)
		}
	})
	return nil
}

// PID is the postmaster's process id.
func (c *Cluster) PID() int { return c.cmd.Process.Pid }
