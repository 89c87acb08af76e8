package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// errStopping ends a restart that Stop interrupted.
var errStopping = errors.New("pgcluster: stopping")

// supervise restarts the postmaster when it exits without Stop, until Stop
// or until the restart policy gives up (then Failed is closed).
func (c *Cluster) supervise() {
	defer close(c.supervised)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		pm := c.current()
		select {
		case <-c.stopping:
			return
		case <-pm.done:
			select {
			case <-c.stopping:
				return
			default:
			}
			c.mu.Lock()
			c.up = false
			c.mu.Unlock()
			c.logger.Warn("PostgreSQL exited; restarting it", "pid", pm.cmd.Process.Pid, "err", fmt.Sprint(pm.waitErr))
			if c.onDown != nil {
				c.onDown()
			}
			if err := c.restart(); err != nil {
				if errors.Is(err, errStopping) {
					return
				}
				c.logger.Error("PostgreSQL cannot be restarted: giving up", "err", err)
				c.mu.Lock()
				c.failErr = err
				c.mu.Unlock()
				close(c.failed)
				return
			}
		case <-tick.C:
			// A shutdown asked from outside in smart mode (SIGTERM) waits for
			// every session to end, and a pool's never do: make it fast, so
			// that the postmaster exits and is restarted.
			if pid, status, _ := readPIDFile(c.dir); pid == pm.cmd.Process.Pid && status == "stopping" && !pm.nudged {
				pm.nudged = true
				c.logger.Warn("PostgreSQL is shutting down, not at our request: ending its sessions to restart it", "pid", pid)
				_ = pm.cmd.Process.Signal(syscall.SIGINT)
			}
		}
	}
}

// restart starts a new postmaster with the policy's backoff.
func (c *Cluster) restart() error {
	delay := c.policy.MinBackoff
	var last error
	for n := 1; ; n++ {
		now := time.Now()
		c.mu.Lock()
		recent := c.attempts[:0]
		for _, t := range c.attempts {
			if now.Sub(t) < c.policy.Window {
				recent = append(recent, t)
			}
		}
		c.attempts = recent
		if len(recent) >= c.policy.MaxRestarts {
			c.mu.Unlock()
			if last == nil {
				last = errors.New("it keeps exiting")
			}
			return fmt.Errorf("pgcluster: PostgreSQL restarted %d times within %v; last: %w", len(recent), c.policy.Window, last)
		}
		c.attempts = append(c.attempts, now)
		c.mu.Unlock()

		select {
		case <-c.stopping:
			return errStopping
		case <-time.After(delay):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		go func() {
			select {
			case <-c.stopping:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := c.startOnce(ctx)
		cancel()
		if err == nil {
			c.logger.Info("PostgreSQL restarted", "attempt", n, "pid", c.PID())
			return nil
		}
		select {
		case <-c.stopping:
			return errStopping
		default:
		}
		last = err
		c.logger.Warn("PostgreSQL restart failed", "attempt", n, "err", err.Error(), "retry_in", delay*2)
		delay = min(delay*2, c.policy.MaxBackoff)
	}
}

// Ready is nil while the postmaster is up: our child runs and its lock file
// says it accepts connections (not "stopping", as after an outside
// shutdown request, during which open sessions still work).
func (c *Cluster) Ready() error {
	c.mu.Lock()
	up, pm, failErr := c.up, c.pm, c.failErr
	c.mu.Unlock()
	if failErr != nil {
		return failErr
	}
	if !up {
		return errors.New("pgcluster: PostgreSQL is restarting")
	}
	pid, status, err := readPIDFile(c.dir)
	switch {
	case err != nil:
		return fmt.Errorf("pgcluster: PostgreSQL is down: %w", err)
	case pid != pm.cmd.Process.Pid:
		return fmt.Errorf("pgcluster: postmaster.pid names %d, not our postgres %d", pid, pm.cmd.Process.Pid)
	case status != "" && status != "ready":
		return fmt.Errorf("pgcluster: PostgreSQL is %s", status)
	}
	return nil
}

// Err is non-nil once the supervisor gave up: the database is gone for good.
func (c *Cluster) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failErr
}

// Failed is closed when the supervisor gave up (Err says why).
func (c *Cluster) Failed() <-chan struct{} { return c.failed }

// takeOver stops a live postmaster that the data folder's lock file names
// and that is not our child: one left by an earlier run, or started by
// `pg_ctl restart` (which stops ours and starts its own, no child of ours
// and without a parent-death signal). Our postgres would fail on the lock
// file, and clients on the shared socket would silently use the stranger.
// A live process that is not a PostgreSQL server is refused, and so is the
// postmaster of another running server of ours (same executable as its
// parent), which would otherwise fight ours for the data folder.
func (c *Cluster) takeOver() error {
	pid, _, err := readPIDFile(c.dir)
	if err != nil || pid <= 0 {
		return nil // none, or unreadable: postgres itself judges the file
	}
	if pm := c.current(); pm != nil && pm.cmd.Process.Pid == pid {
		return nil // ours (a stale file of ours is replaced by postgres)
	}
	if !alive(pid) {
		return nil
	}
	file := filepath.Join(c.dir, "postmaster.pid")
	if !isPostgres(pid) {
		return fmt.Errorf("pgcluster: %s names process %d, which is not a PostgreSQL server; remove the file if no PostgreSQL uses %s", file, pid, c.dir)
	}
	if ppid := parentOf(pid); ppid > 1 && alive(ppid) && sameExecutable(ppid) {
		return fmt.Errorf("pgcluster: the PostgreSQL %d on %s belongs to another running server (pid %d): refusing to take it over; stop that server or use another data folder", pid, c.dir, ppid)
	}
	c.logger.Warn("stopping a PostgreSQL that is not our child but runs on our data folder (left by an earlier run, or started by pg_ctl)",
		"pid", pid, "dir", c.dir)
	for _, step := range []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{syscall.SIGINT, 15 * time.Second}, {syscall.SIGQUIT, 5 * time.Second}, {syscall.SIGKILL, 5 * time.Second}} {
		_ = syscall.Kill(pid, step.sig)
		if waitGone(pid, step.wait) {
			return nil
		}
	}
	return fmt.Errorf("pgcluster: the PostgreSQL %d on %s does not stop", pid, c.dir)
}

// readPIDFile reads the postmaster's pid and status ("starting", "ready",
// "stopping", "standby") from the data folder's lock file.
func readPIDFile(dir string) (pid int, status string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0, "", err
	}
	lines := strings.Split(string(b), "\n")
	pid, err = strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil {
		return 0, "", fmt.Errorf("pgcluster: postmaster.pid: %w", err)
	}
	if len(lines) > 7 {
		status = strings.TrimSpace(lines[7])
	}
	return pid, status, nil
}

// alive reports whether pid runs (a zombie does not).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z' && stat[i+2] != 'X'
	}
	return true
}

// isPostgres reports whether pid runs the postgres server binary.
func isPostgres(pid int) bool {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	argv0, _, _ := bytes.Cut(cmdline, []byte{0})
	return filepath.Base(string(argv0)) == "postgres"
}

// parentOf is pid's parent process id (0 if unknown).
func parentOf(pid int) int {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(string(stat[i+1:])) // state, ppid, …
	if len(fields) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(fields[1])
	return ppid
}

// sameExecutable reports whether pid runs this program's executable.
func sameExecutable(pid int) bool {
	self, err := os.Executable()
	if err != nil {
		return false
	}
	exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(self); err == nil {
		self = real
	}
	return exe == self
}

// waitGone waits up to d for pid to end.
func waitGone(pid int, d time.Duration) bool {
	for deadline := time.Now().Add(d); alive(pid); {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
