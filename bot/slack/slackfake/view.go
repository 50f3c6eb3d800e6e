package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// triggerLifetime is how long Slack honours a trigger_id.
const triggerLifetime = 3 * time.Second

type trigger struct {
	user string
	at   time.Time
	used bool
}

// issueTrigger returns a fresh trigger_id for an interaction by user.
func (s *Server) issueTrigger(user string) string {
	id := s.nextID("trig.")
	s.triggers[id] = &trigger{user: user, at: s.cfg.Now()}
	return id
}

// View is a modal the bot opened with views.open.
type View struct {
	ID              string
	Hash            string
	User            string // who the modal was opened for
	CallbackID      string
	PrivateMetadata string
	Title           string
	Submit          string
	Blocks          json.RawMessage
}

// Inputs returns the modal's input blocks: block_id, action_id, label, type
// and options, in order.
func (v *View) Inputs() []Input {
	bs, _ := parseBlocks(v.Blocks)
	var out []Input
	for _, b := range bs {
		if b.Type != "input" || b.Element == nil {
			continue
		}
		in := Input{BlockID: b.BlockID, ActionID: b.Element.ActionID, Type: b.Element.Type, Optional: b.Optional, Multiline: b.Element.Multiline}
		if b.Label != nil {
			in.Label = b.Label.Text
		}
		for _, o := range b.Element.Options {
			in.Options = append(in.Options, o.Value)
		}
		out = append(out, in)
	}
	return out
}

// Input is one input block of a modal.
type Input struct {
	BlockID, ActionID, Label, Type string
	Optional, Multiline            bool
	Options                        []string // option values of a select
}

type viewJSON struct {
	Type            string          `json:"type"`
	Title           *textObject     `json:"title"`
	Submit          *textObject     `json:"submit"`
	Close           *textObject     `json:"close"`
	Blocks          json.RawMessage `json:"blocks"`
	PrivateMetadata string          `json:"private_metadata"`
	CallbackID      string          `json:"callback_id"`
	ExternalID      string          `json:"external_id"`
}

func (s *Server) viewsOpen(c *Call) (map[string]any, string) {
	id := c.Get("trigger_id")
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return nil, "invalid_trigger_id"
	case t.used:
		return nil, "exchanged_trigger_id"
	case s.cfg.Now().Sub(t.at) > triggerLifetime:
		return nil, "expired_trigger_id"
	}
	v, code := s.parseView(c)
	if code != "" {
		return nil, code
	}
	t.used = true
	v.ID, v.Hash, v.User = s.nextID("V"), s.nextID("hash."), t.user
	s.views = append(s.views, v)
	return map[string]any{"view": v.json(s.cfg.TeamID)}, ""
}

func (s *Server) viewsUpdate(c *Call) (map[string]any, string) {
	id := c.Get("view_id")
	for i, old := range s.views {
		if old.ID != id {
			continue
		}
		v, code := s.parseView(c)
		if code != "" {
			return nil, code
		}
		v.ID, v.Hash, v.User = old.ID, s.nextID("hash."), old.User
		s.views[i] = v
		return map[string]any{"view": v.json(s.cfg.TeamID)}, ""
	}
	return nil, "not_found"
}

func (s *Server) parseView(c *Call) (*View, string) {
	raw, ok := c.JSON["view"]
	if !ok {
		return nil, "invalid_arguments"
	}
	b, _ := json.Marshal(raw)
	var vj viewJSON
	if err := json.Unmarshal(b, &vj); err != nil || vj.Type != "modal" || vj.Title == nil {
		return nil, "invalid_arguments"
	}
	if len(vj.Title.Text) > 24 || len(vj.PrivateMetadata) > 3000 || len(vj.CallbackID) > 255 {
		return nil, "invalid_arguments"
	}
	bs, err := parseBlocks(vj.Blocks)
	if err != nil || len(bs) > 100 {
		return nil, "invalid_blocks"
	}
	for _, b := range bs {
		if b.Type == "input" {
			if b.Label == nil || b.Element == nil || b.BlockID == "" {
				return nil, "invalid_blocks"
			}
		}
	}
	if err := validateBlocks(nonInput(bs)); err != nil {
		return nil, "invalid_blocks"
	}
	v := &View{CallbackID: vj.CallbackID, PrivateMetadata: vj.PrivateMetadata, Title: vj.Title.Text, Blocks: vj.Blocks}
	if vj.Submit != nil {
		v.Submit = vj.Submit.Text
	}
	return v, ""
}

func nonInput(bs []block) []block {
	var out []block
	for _, b := range bs {
		if b.Type != "input" {
			out = append(out, b)
		}
	}
	return out
}

func (v *View) json(team string) map[string]any {
	var blocks any
	json.Unmarshal(v.Blocks, &blocks)
	return map[string]any{
		"id": v.ID, "team_id": team, "type": "modal", "hash": v.Hash,
		"title":            map[string]any{"type": "plain_text", "text": v.Title},
		"callback_id":      v.CallbackID,
		"private_metadata": v.PrivateMetadata,
		"blocks":           blocks,
	}
}

// Views returns the modals opened so far.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, len(s.views))
	for i, v := range s.views {
		out[i] = *v
	}
	return out
}

// WaitView waits for the next modal opened for user after the first skip
// modals, i.e. WaitView(ctx, user, 0) returns the first one.
func (s *Server) WaitView(ctx context.Context, user string, skip int) (*View, error) {
	var out *View
	err := s.waitFor(ctx, func() bool {
		n := 0
		for _, v := range s.views {
			if v.User != user {
				continue
			}
			if n == skip {
				c := *v
				out = &c
				return true
			}
			n++
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("waiting for a modal for %s: %w", user, err)
	}
	return out, nil
}
