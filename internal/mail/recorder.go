package mail

import (
	"context"
	"strings"
	"sync"
)

// Recorder is a Mailer that keeps every message in memory instead of sending
// it: tests read what the application would have emailed.
type Recorder struct {
	mu   sync.Mutex
	msgs []Message
}

// Send records m.
func (r *Recorder) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return nil
}

// To lists the messages sent to address (case-insensitive), oldest first.
func (r *Recorder) To(address string) []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Message
	for _, m := range r.msgs {
		if strings.EqualFold(m.To, address) {
			out = append(out, m)
		}
	}
	return out
}
