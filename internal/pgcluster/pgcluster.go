// Package pgcluster runs a private PostgreSQL cluster from the system's
// binaries: the server's default database when DATABASE_URL is unset, and the
// throwaway database of every test package.
//
// The cluster listens on a Unix socket only, so it never clashes with another
// PostgreSQL on the machine. initdb refuses to run as root, so when we are root
// the cluster runs as the unprivileged "postgres" OS user. The postmaster is
// our child with a parent-death signal: a killed server never leaves it behind.
//
// The postmaster is supervised: when it exits on its own (a crash, a SIGTERM,
// `pg_ctl restart`) it is restarted with a bounded exponential backoff, and
// the supervisor gives up (Cluster.Failed) when restarts keep failing. A
// postmaster on our data folder that is not our child (left by an earlier
// run, or started by pg_ctl) is stopped before ours starts and when we stop.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	// Logger receives the supervisor's events (restarts, take-overs); nil
	// discards them.
	Logger *slog.Logger
	// Restart bounds the restarts of a postmaster that exits on its own;
	// zero fields take DefaultRestart's.
	Restart RestartPolicy
	// OnDown runs when the postmaster exited without being asked to, before
	// it is restarted: every connection to it is dead (the server resets its
	// pool there, so that no request meets a dead connection after the
	// restart).
	OnDown func()
}

// RestartPolicy bounds the supervisor: the n-th restart in a row waits
// MinBackoff·2ⁿ⁻¹ (at most MaxBackoff), and more than MaxRestarts attempts
// within Window make it give up (Cluster.Failed).
type RestartPolicy struct {
	MinBackoff, MaxBackoff time.Duration
	MaxRestarts            int
	Window                 time.Duration
}

// DefaultRestart is the policy of a zero RestartPolicy: attempts after
// 250 ms, 0.5 s, 1 s, 2 s, 4 s and 5 s, then give up (at most six attempts
// within two minutes, successful ones included: a postmaster that keeps
// crashing is given up on too).
var DefaultRestart = RestartPolicy{MinBackoff: 250 * time.Millisecond, MaxBackoff: 5 * time.Second, MaxRestarts: 6, Window: 2 * time.Minute}

func (p RestartPolicy) withDefaults() RestartPolicy {
	if p.MinBackoff <= 0 {
		p.MinBackoff = DefaultRestart.MinBackoff
	}
	if p.MaxBackoff < p.MinBackoff {
		p.MaxBackoff = max(DefaultRestart.MaxBackoff, p.MinBackoff)
	}
	if p.MaxRestarts <= 0 {
		p.MaxRestarts = DefaultRestart.MaxRestarts
	}
	if p.Window <= 0 {
		p.Window = DefaultRestart.Window
	}
	return p
}

// Cluster is a supervised postmaster: one that exits on its own is
// restarted (see RestartPolicy).
type Cluster struct {
	dir     string
	sockDir string
	ownSock bool
	bin     string
	args    []string
	cred    *syscall.Credential
	out     io.Writer
	logger  *slog.Logger
	policy  RestartPolicy
	onDown  func()

	mu       sync.Mutex
	pm       *postmaster // the current one: up, or exited and being replaced
	up       bool
	attempts []time.Time // restart attempts, for the policy's window
	failErr  error

	failed     chan struct{} // closed when the supervisor gave up
	stopping   chan struct{} // closed by Stop
	supervised chan struct{} // closed when the supervisor returned
	once       sync.Once
}

// postmaster is one run of the postgres server process, our child.
type postmaster struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed when it exited
	waitErr error
	nudged  bool // sent a fast shutdown after an outside shutdown request
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

// Start initializes the cluster on first use, starts the postmaster (after
// stopping one left running on Dir by an earlier run) and makes sure the
// roles and database exist, then supervises it. Call Stop when done.
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
		if err := reachable(dir, cred); err != nil {
			return nil, err
		}
	}
	out := opt.Log
	if out == nil {
		out = io.Discard
	}
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
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

	c := &Cluster{dir: dir, bin: bin, cred: cred, out: out, logger: logger, policy: opt.Restart.withDefaults(), onDown: opt.OnDown,
		failed: make(chan struct{}), stopping: make(chan struct{}), supervised: make(chan struct{})}
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
	c.args = []string{"-D", dir, "-k", c.sockDir, "-c", "listen_addresses=",
		"-c", "unix_socket_permissions=0700", "-c", "max_connections=200"}
	if opt.Ephemeral {
		c.args = append(c.args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}

	if err := c.startOnce(ctx); err != nil {
		c.cleanup()
		return nil, err
	}
	if err := c.bootstrap(ctx); err != nil {
		c.stopPostmaster(c.current())
		c.cleanup()
		return nil, err
	}
	go c.supervise()
	return c, nil
}

// startOnce stops a postmaster that another run left on the data folder,
// starts ours and waits until it accepts connections.
func (c *Cluster) startOnce(ctx context.Context) error {
	if err := c.takeOver(); err != nil {
		return err
	}
	pm, err := c.spawn()
	if err != nil {
		return fmt.Errorf("pgcluster: start postgres: %w", err)
	}
	c.mu.Lock()
	c.pm = pm
	c.mu.Unlock()
	if err := c.waitReady(ctx, pm); err != nil {
		c.stopPostmaster(pm)
		return err
	}
	c.mu.Lock()
	c.up = true
	c.mu.Unlock()
	return nil
}

// spawn starts a postmaster as our child.
func (c *Cluster) spawn() (*postmaster, error) {
	pm := &postmaster{cmd: exec.Command(filepath.Join(c.bin, "postgres"), c.args...), done: make(chan struct{})}
	pm.cmd.Dir = "/"
	pm.cmd.Stdout, pm.cmd.Stderr = c.out, c.out
	pm.cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: c.cred,
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
		if err := pm.cmd.Start(); err != nil {
			runtime.UnlockOSThread()
			started <- err
			return
		}
		started <- nil
		pm.waitErr = pm.cmd.Wait()
		close(pm.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return pm, nil
}

// reachable checks that cred's user (postgres, when we are root) can enter
// every folder above dir: a checkout under /root (mode 0700) is the usual
// trap, where initdb would fail with a bare "Permission denied". The error
// names the folder and the ways out.
func reachable(dir string, cred *syscall.Credential) error {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pgcluster: %s: %w", p, err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		mode := fi.Mode().Perm()
		if ok {
			enter := mode&0o001 != 0 ||
				(st.Uid == cred.Uid && mode&0o100 != 0) ||
				(st.Gid == cred.Gid && mode&0o010 != 0)
			if !enter {
				return fmt.Errorf("pgcluster: the private PostgreSQL runs as the postgres user (initdb refuses root), who cannot enter %s (mode %04o); "+
					"put the data elsewhere (DATA_DIR=/var/lib/headway, or a folder under /srv or /tmp), move the checkout out of %s, "+
					"or let others enter it (chmod o+x %s)", p, mode, p, p)
			}
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
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

// waitReady waits until pm accepts connections. A connection alone proves
// nothing (another postmaster may listen on the same socket while ours
// fails on the lock file): the lock file must name pm.
func (c *Cluster) waitReady(ctx context.Context, pm *postmaster) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.URL(superuser, "postgres"))
		if err == nil {
			conn.Close(ctx)
			if pid, _, _ := readPIDFile(c.dir); pid == pm.cmd.Process.Pid {
				return nil
			}
			err = errors.New("the socket answers, but postmaster.pid does not name our postgres")
		}
		select {
		case <-pm.done:
			if pid, _, _ := readPIDFile(c.dir); pid > 0 && pid != pm.cmd.Process.Pid && alive(pid) {
				return fmt.Errorf("pgcluster: postgres exited during start-up (%v): another PostgreSQL (pid %d) uses %s", pm.waitErr, pid, c.dir)
			}
			return fmt.Errorf("pgcluster: postgres exited during start-up (%v); its log says why", pm.waitErr)
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

// Stop stops supervising, shuts the postmaster down (fast mode: open
// sessions are cut) and waits for it to exit. A postmaster that is not our
// child but runs on our data folder (`pg_ctl restart` makes one) is stopped
// too: none outlives Stop.
func (c *Cluster) Stop() error {
	c.once.Do(func() {
		close(c.stopping)
		<-c.supervised
		c.stopPostmaster(c.current())
		if err := c.takeOver(); err != nil {
			c.logger.Error("stopping PostgreSQL", "err", err)
		}
		c.cleanup()
	})
	return nil
}

func (c *Cluster) cleanup() {
	if c.ownSock {
		os.RemoveAll(c.sockDir)
	}
}

// stopPostmaster asks pm for a fast shutdown and waits for it to exit
// (immediate shutdown after 30 s).
func (c *Cluster) stopPostmaster(pm *postmaster) {
	if pm == nil {
		return
	}
	_ = pm.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-pm.done:
	case <-time.After(30 * time.Second):
		_ = pm.cmd.Process.Signal(syscall.SIGQUIT)
		<-pm.done
	}
}

func (c *Cluster) current() *postmaster {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pm
}

// PID is the current postmaster's process id.
func (c *Cluster) PID() int { return c.current().cmd.Process.Pid }
