package roadmap

import (
	"regexp"
	"testing"
)

func TestJobRolesCatalog(t *testing.T) {
	key := regexp.MustCompile(`^[a-z][a-z_]*[a-z]$`)
	seen := map[string]bool{}
	for _, r := range JobRoles {
		if !key.MatchString(r.Key) || r.Title == "" {
			t.Errorf("bad job role %+v", r)
		}
		if seen[r.Key] || seen[r.Title] {
			t.Errorf("duplicate job role %+v", r)
		}
		seen[r.Key], seen[r.Title] = true, true
	}
	if JobRoles[0].Key != "junior_engineer" || JobRoles[5].Key != "senior_architect" {
		t.Errorf("the ladder must run from junior engineer to senior architect: %+v", JobRoles)
	}
	titles := JobRoleTitles()
	if len(titles) != len(JobRoles) || titles[0] != "Junior engineer" {
		t.Errorf("JobRoleTitles = %v", titles)
	}
}
