package pgcluster_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/testdb"
)

// fastRestart keeps the supervisor's tests quick.
var fastRestart = pgcluster.RestartPolicy{MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, MaxRestarts: 4, Window: time.Minute}

// postmasters lists the pids of the postgres processes started with -D dir.
// It fails the test when pgrep is missing: the check must not pass because
// it could not look.
func postmasters(t *testing.T, dir string) []int {
	t.Helper()
	// "--": the pattern starts with "-D", which pgrep would read as an option.
	out, err := exec.Command("pgrep", "-f", "--", "-D "+regexp.QuoteMeta(dir)+"( |$)").Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		return nil
	}
	if err != nil {
		t.Fatalf("pgrep (from procps, needed for this test): %v", err)
	}
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		pid, _ := strconv.Atoi(f)
		pids = append(pids, pid)
	}
	return pids
}

// noPostmasterRemains fails t when a postgres of dir still runs (and kills it).
func noPostmasterRemains(t *testing.T, dir string) {
	t.Helper()
	for _, pid := range postmasters(t, dir) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("postgres %d of %s outlived Stop", pid, dir)
	}
}

// eventually waits up to d for cond.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pgCtl runs pg_ctl on dir as the cluster's OS user.
func pgCtl(t *testing.T, dir string, args ...string) {
	t.Helper()
	bin, err := pgcluster.BinDir()
	if err != nil {
		t.Fatal(err)
	}
	argv := append([]string{filepath.Join(bin, "pg_ctl"), "-D", dir, "-l", filepath.Join(dir, "pg_ctl.log"), "-w", "-t", "30"}, args...)
	if os.Geteuid() == 0 {
		argv = append([]string{"runuser", "-u", "postgres", "--"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = "/"
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "pg_ctl.log"))
		t.Fatalf("pg_ctl %v: %v\n%s\n%s", args, err, out, log)
	}
}

func pidFile(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	return pid
}

func query(ctx context.Context, c *pgcluster.Cluster) error {
	conn, err := pgx.Connect(ctx, c.OwnerURL())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var one int
	return conn.QueryRow(ctx, `SELECT 1`).Scan(&one)
}

// A SIGTERM (smart shutdown, which waits for every open session) and a
// crash both end in a new postmaster of ours, by itself; OnDown runs.
func TestSupervisorRestarts(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	var downs atomic.Int32
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true, Restart: fastRestart, OnDown: func() { downs.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	defer noPostmasterRemains(t, dir)
	defer c.Stop()
	// An open session: a smart shutdown alone would wait for it forever.
	conn, err := pgx.Connect(ctx, c.OwnerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	for i, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		old := c.PID()
		if err := syscall.Kill(old, sig); err != nil {
			t.Fatal(err)
		}
		eventually(t, 2*time.Second, "Ready reports the database down", func() bool { return c.Ready() != nil })
		eventually(t, 20*time.Second, sig.String()+": a new postmaster, ready", func() bool { return c.PID() != old && c.Ready() == nil })
		if err := query(ctx, c); err != nil {
			t.Fatalf("after %v: %v", sig, err)
		}
		if n := downs.Load(); n != int32(i+1) {
			t.Errorf("OnDown ran %d times, want %d", n, i+1)
		}
		if !waitDead(old) {
			t.Errorf("the old postmaster %d still runs", old)
		}
	}
	if c.Err() != nil {
		t.Errorf("Err = %v after successful restarts", c.Err())
	}
}

func waitDead(pid int) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return false
}

// `pg_ctl restart` stops our postmaster and starts its own, which is not our
// child and has no parent-death signal: the supervisor stops it and runs
// ours again, and after Stop no postgres of the data folder is left.
func TestPgCtlRestartIsTakenBack(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	var old atomic.Int64
	foreign := make(chan int, 1)
	var logs syncBuffer
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true, Restart: fastRestart,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		// Hold the restart until pg_ctl's postmaster runs, so that the test
		// always meets the stranger (else our restart may win the race).
		OnDown: func() {
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if pid := pidFile(t, dir); pid != 0 && pid != int(old.Load()) && alive(pid) {
					foreign <- pid
					return
				}
			}
			close(foreign)
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer noPostmasterRemains(t, dir)
	defer c.Stop()
	old.Store(int64(c.PID()))
	pgCtl(t, dir, "-W", "restart") // -W: do not wait for its own postmaster to start
	var stranger int
	select {
	case pid, ok := <-foreign:
		if !ok {
			t.Fatal("pg_ctl restart started no postmaster: the test would prove nothing")
		}
		stranger = pid
	case <-time.After(15 * time.Second):
		t.Fatal("our postmaster's exit was not noticed (OnDown did not run)")
	}
	eventually(t, 20*time.Second, "our own postmaster serves again, named by postmaster.pid", func() bool {
		return c.PID() != int(old.Load()) && c.PID() != stranger && c.Ready() == nil && pidFile(t, dir) == c.PID()
	})
	if alive(stranger) {
		t.Errorf("pg_ctl's postmaster %d still runs", stranger)
	}
	if err := query(ctx, c); err != nil {
		t.Fatal(err)
	}
	if pids := postmasters(t, dir); len(pids) != 1 || pids[0] != c.PID() {
		t.Errorf("postgres processes of the folder: %v, want only ours (%d)", pids, c.PID())
	}
	if !strings.Contains(logs.String(), "stopping a PostgreSQL that is not our child") || !strings.Contains(logs.String(), "PostgreSQL restarted") {
		t.Errorf("the take-back was not logged:\n%s", logs.String())
	}
	c.Stop()
	noPostmasterRemains(t, dir)
}

// syncBuffer is a bytes.Buffer safe for the supervisor's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A postmaster left running on the data folder by an earlier run (here
// started by pg_ctl, so no child of ours) is stopped, and ours serves:
// never adopted while our own postgres fails on the lock file.
func TestStartTakesOverALeftoverPostmaster(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Stop()
	defer noPostmasterRemains(t, dir)
	// postmaster.opts holds the options of our run: the leftover listens
	// on our socket, as after a server killed during a pg_ctl restart.
	opts, err := os.ReadFile(filepath.Join(dir, "postmaster.opts"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(strings.TrimSpace(string(opts)), " ")
	pgCtl(t, dir, "-o", rest, "start")
	leftover := pidFile(t, dir)
	if leftover == 0 || !alive(leftover) {
		t.Fatal("no leftover postmaster: the test would prove nothing")
	}

	var logs strings.Builder
	c, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if alive(leftover) {
		t.Errorf("the leftover postmaster %d still runs", leftover)
	}
	if !alive(c.PID()) || pidFile(t, dir) != c.PID() {
		t.Errorf("our postmaster %d (alive %v) is not the one postmaster.pid names (%d)", c.PID(), alive(c.PID()), pidFile(t, dir))
	}
	if err := c.Ready(); err != nil {
		t.Error(err)
	}
	if err := query(ctx, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "stopping a PostgreSQL that is not our child") {
		t.Errorf("the take-over was not logged:\n%s", logs.String())
	}
}

// A lock file naming a live process that is not PostgreSQL is refused with
// a clear error, and that process is left alone.
func TestStartRefusesALockFileOfAnotherProcess(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Stop()
	sleep := exec.Command("sleep", "60")
	if err := sleep.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { sleep.Process.Kill(); sleep.Wait() }()
	pid := strconv.Itoa(sleep.Process.Pid)
	if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(pid+"\n"+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err == nil {
		c.Stop()
		t.Fatal("Start succeeded with a lock file naming a live process")
	}
	if !strings.Contains(err.Error(), "not a PostgreSQL server") || !strings.Contains(err.Error(), pid) {
		t.Errorf("err = %v, want it to name process %s as not a PostgreSQL server", err, pid)
	}
	if !alive(sleep.Process.Pid) {
		t.Error("the other process was killed")
	}
	noPostmasterRemains(t, dir)
}

// The postmaster of another running server (here another Cluster of this
// process) is not taken over: Start refuses, and the other keeps serving.
func TestStartRefusesThePostmasterOfARunningServer(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	a, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	defer noPostmasterRemains(t, dir)
	defer a.Stop()
	b, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err == nil {
		b.Stop()
		t.Fatal("a second Start on a served data folder succeeded")
	}
	if !strings.Contains(err.Error(), "belongs to another running server") {
		t.Errorf("err = %v, want a refusal naming the other server", err)
	}
	if err := a.Ready(); err != nil {
		t.Errorf("the first cluster after the refusal: %v", err)
	}
	if err := query(ctx, a); err != nil {
		t.Error(err)
	}
}

// When restarts keep failing (here the data folder is broken after a
// crash), the supervisor gives up within the policy: Failed closes, Err
// says why, and no postgres is left.
func TestSupervisorGivesUp(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true, Restart: fastRestart})
	if err != nil {
		t.Fatal(err)
	}
	defer noPostmasterRemains(t, dir)
	defer c.Stop()
	if err := os.WriteFile(filepath.Join(dir, "PG_VERSION"), []byte("7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(c.PID(), syscall.SIGKILL)
	select {
	case <-c.Failed():
	case <-time.After(20 * time.Second):
		t.Fatal("the supervisor did not give up")
	}
	if c.Err() == nil || c.Ready() == nil {
		t.Errorf("after giving up: Err = %v, Ready = %v", c.Err(), c.Ready())
	}
	eventually(t, 5*time.Second, "no postgres left", func() bool { return len(postmasters(t, dir)) == 0 })
}
