package handlers

import "testing"

// The wizard's engine relies on its table: names unique (drafts store
// them), the summary last and only there, and each question either
// choices with their pick or an answer function.
func TestStepTable(t *testing.T) {
	seen := map[string]bool{}
	for i, s := range steps {
		switch {
		case s.name == "" || seen[s.name]:
			t.Errorf("step %d: name %q is empty or used twice", i, s.name)
		case s.summary != (i == len(steps)-1):
			t.Errorf("step %s: the summary must be the last step, and only it", s.name)
		case s.answered == nil || s.question == nil:
			t.Errorf("step %s: no answered or question", s.name)
		case !s.summary && (s.choices == nil) == (s.answer == nil):
			t.Errorf("step %s: it needs choices or an answer function, not both", s.name)
		case s.choices != nil && s.pick == nil:
			t.Errorf("step %s: choices without pick", s.name)
		}
		seen[s.name] = true
	}
}
