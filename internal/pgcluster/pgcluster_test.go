package pgcluster_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/testdb"
)

// childEnv makes the test binary act as a server that starts a cluster,
// prints the postmaster's pid and waits to be killed.
const childEnv = "PGCLUSTER_TEST_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, Ephemeral: true})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(c.PID())
		select {} // until killed
	}
	os.Exit(m.Run())
}

// alive reports whether pid runs: a zombie (an exited process nobody reaped,
// as a pg_ctl-started postmaster may become here) does not.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || (stat[i+2] != 'Z' && stat[i+2] != 'X')
}

// A server killed with SIGKILL cannot stop its cluster: the parent-death
// signal must, so that no postgres outlives it.
func TestClusterDiesWithKilledParent(t *testing.T) {
	dir := testdb.ClusterDir(t) + "/pg"
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	pid, err := strconv.Atoi(line[:len(line)-1])
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("child said %q", line)
	}
	if !alive(pid) {
		t.Fatal("postmaster not running")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("postmaster %d outlived its killed parent", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Start initializes once and reuses the data: roles, database and rows
// survive a stop and a second start, and the application role is
// unprivileged.
func TestStartReusesData(t *testing.T) {
	ctx := context.Background()
	dir := testdb.ClusterDir(t) + "/pg"
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, c.OwnerURL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	c.Stop()

	c, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	conn, err = pgx.Connect(ctx, c.OwnerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, `SELECT v FROM kept`).Scan(&v); err != nil || v != 42 {
		t.Fatalf("after restart: %d, %v", v, err)
	}
	var super, bypass bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`, pgcluster.AppRole).Scan(&super, &bypass); err != nil || super || bypass {
		t.Errorf("application role super=%v bypassrls=%v (%v)", super, bypass, err)
	}
}

// As root, a data folder under a folder the postgres user cannot enter (a
// checkout under /root) is refused before initdb, naming the folder.
func TestStartNamesAnUnreachableFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root runs PostgreSQL as another user")
	}
	parent := testdb.ClusterDir(t)
	locked := filepath.Join(parent, "locked")
	if err := os.Mkdir(locked, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(locked, "data", "postgres"), Ephemeral: true})
	if err == nil || !strings.Contains(err.Error(), "cannot enter "+locked) || !strings.Contains(err.Error(), "DATA_DIR=") {
		t.Fatalf("Start under a 0700 folder: %v, want an error naming %s and the way out", err, locked)
	}
}
