package http

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordProblem(t *testing.T) {
	const email, name, org = "ann.smith@example.com", "Ann Smith", "Globex Corporation"
	for _, tt := range []struct {
		pw   string
		want string
	}{
		{"correct horse battery staple", ""},
		{"correct horse battery", ""}, // the tests' testPassword
		{"signup-secret-pw-4711", ""},
		{"Tr0ub4dor&3 plus", ""},
		{"an ann-free passphrase", ""}, // "ann" is shorter than 4: not personal by itself
		{"", "Password is required."},
		{"elevenchars", "Password must be at least 12 characters."},
		{strings.Repeat("x", 1025), "Password must be at most 1024 bytes."},
		{"password1234", msgPasswordWeak},
		{"aaaaaaaaaaaa", msgPasswordWeak},
		{"            ", msgPasswordWeak},
		{"1234567890ab", msgPasswordWeak},
		{"globex corporation", msgPasswordPersonal},
		{"GlobexCorporation!!", msgPasswordPersonal},
		{"ann.smith@example.com", msgPasswordPersonal},
		{"my ann.smith@example.com!", msgPasswordPersonal},
		{"annsmith zebra lamp", msgPasswordPersonal},
		{"Ann Smith is the best", msgPasswordPersonal},
		{"smith & wesson arms", msgPasswordPersonal},
	} {
		if got := passwordProblem(tt.pw, email, name, org); got != tt.want {
			t.Errorf("passwordProblem(%.40q) = %q, want %q", tt.pw, got, tt.want)
		}
	}
	// Without an account's words, only the estimate applies.
	if got := passwordProblem("correct horse battery staple", "", "", ""); got != "" {
		t.Errorf("passphrase without personal words: %q", got)
	}
}

// The estimate examines at most zxcvbnMaxRunes characters, so a long
// password costs no more than a short one (unbounded, 1024 characters take
// seconds).
func TestPasswordProblemCost(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	var worst time.Duration
	for _, base := range []string{"ab1!Xy", "4@1!3$0|", "p4$$w0rd", "aB3$", "1234", "qwerty", "a"} {
		pw := strings.Repeat(base, 1024/len(base))[:1000]
		start := time.Now()
		passwordProblem(pw, "someone@example.com", "Some One", "Some Org")
		worst = max(worst, time.Since(start))
	}
	t.Logf("worst check of a 1000-character password: %v", worst)
	if worst > 250*time.Millisecond { // ≈ 10 ms here; generous for a loaded machine
		t.Errorf("a 1000-character password took %v to check", worst)
	}
}
