package discordfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Interaction types and callback (response) types, as on Discord.
const (
	InteractionCommand   = 2
	InteractionComponent = 3
	InteractionModal     = 5

	ResponseMessage         = 4
	ResponseDeferredMessage = 5
	ResponseDeferredUpdate  = 6
	ResponseUpdateMessage   = 7
	ResponseModal           = 9
)

// An Interaction is one a test user started: a slash command, a click or a
// modal submission.
type Interaction struct {
	ID        string
	Token     string
	Type      int
	ChannelID string
}

type interaction struct {
	Interaction
	user       User
	source     string // message id the component was on
	baseEdits  int    // edits of the source message when the interaction started
	dispatched time.Time
	response   int    // callback type, 0 before the response
	original   string // message id "@original" refers to
	loading    bool   // deferred and not yet edited
	followups  []string
	modal      *Modal
	payload    map[string]any // the INTERACTION_CREATE data, for Redeliver
}

// A Modal is a form the bot opened in answer to an interaction.
type Modal struct {
	CustomID   string      `json:"custom_id"`
	Title      string      `json:"title"`
	Components []Component `json:"components"`
}

// Inputs returns the modal's text inputs in order.
func (m *Modal) Inputs() []Component {
	var out []Component
	for _, row := range m.Components {
		out = append(out, row.Components...)
	}
	return out
}

// A Reply is what the user sees in answer to an interaction.
type Reply struct {
	Type     int // the callback type the bot chose (ResponseMessage, ResponseModal, …)
	Deferred bool
	Message  MessageView // for everything but modals
	Modal    *Modal      // for ResponseModal
}

func (s *Server) lookupInteraction(w http.ResponseWriter, id, token string) *interaction {
	ix := s.ixs[id]
	if ix == nil || ix.Token != token {
		apiError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return nil
	}
	return ix
}

func (s *Server) handleCallback(w http.ResponseWriter, r *http.Request, c *Call) {
	var cb struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(c.Body, &cb); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.lookupInteraction(w, c.Param("id"), c.Param("token"))
	if ix == nil {
		return
	}
	if ix.response != 0 {
		apiError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
		return
	}
	if s.cfg.Now().Sub(ix.dispatched) > s.cfg.InteractionDeadline {
		apiError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return
	}
	var v MessageView
	if len(cb.Data) > 0 && string(cb.Data) != "null" {
		if err := json.Unmarshal(cb.Data, &v); err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: data")
			return
		}
	}
	fromMessage := ix.source != ""
	switch cb.Type {
	case ResponseMessage, ResponseDeferredMessage:
		if msg := validateMessage(v); msg != "" {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
			return
		}
		if cb.Type == ResponseDeferredMessage {
			v = MessageView{Flags: v.Flags & FlagEphemeral}
			ix.loading = true
		}
		m := s.postLocked(ix.ChannelID, v)
		if m.Ephemeral() {
			m.VisibleTo = ix.user.ID
		}
		if cb.Type == ResponseMessage {
			s.showLocked(m)
		}
		ix.original = m.ID
	case ResponseDeferredUpdate, ResponseUpdateMessage:
		if !fromMessage {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: type: this interaction has no message to update")
			return
		}
		ix.original = ix.source
		if cb.Type == ResponseUpdateMessage {
			if msg := validateMessage(v); msg != "" {
				apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
				return
			}
			if m := s.messageLocked(ix.ChannelID, ix.source); m != nil {
				applyEdit(m, cb.Data)
				s.showLocked(m)
			}
		}
	case ResponseModal:
		if ix.Type == InteractionModal {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: a modal submission cannot open a modal")
			return
		}
		var m Modal
		if err := json.Unmarshal(cb.Data, &m); err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: data")
			return
		}
		if msg := validateModal(m); msg != "" {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
			return
		}
		ix.modal = &m
	default:
		apiError(w, http.StatusBadRequest, 50035, fmt.Sprintf("Invalid Form Body: type %d", cb.Type))
		return
	}
	ix.response = cb.Type
	s.notifyLocked()
	w.WriteHeader(http.StatusNoContent)
}

// validateModal applies Discord's modal limits.
func validateModal(m Modal) string {
	switch {
	case m.CustomID == "" || len(m.CustomID) > 100:
		return "custom_id: Must be between 1 and 100 in length."
	case m.Title == "" || len([]rune(m.Title)) > 45:
		return "title: Must be between 1 and 45 in length."
	case len(m.Components) == 0:
		return "components: This field is required"
	}
	if msg := validateRows(m.Components, ComponentTextInput); msg != "" {
		return msg
	}
	for _, in := range m.Inputs() {
		if in.Label == "" || len([]rune(in.Label)) > 45 {
			return "components.label: Must be between 1 and 45 in length."
		}
		if in.Style != 1 && in.Style != 2 {
			return "components.style: text inputs are short (1) or paragraph (2)"
		}
		if in.MaxLength > 4000 || len([]rune(in.Value)) > 4000 {
			return "components.max_length: Must be 4000 or less."
		}
		if len([]rune(in.Placeholder)) > 100 {
			return "components.placeholder: Must be 100 or fewer in length."
		}
	}
	return ""
}

// interactionByToken finds the interaction a webhook call refers to. As on
// Discord, its token works only once the interaction was acknowledged, and
// only for TokenLifetime after it was dispatched.
func (s *Server) interactionByToken(w http.ResponseWriter, app, token string) *interaction {
	if app != s.cfg.AppID {
		apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return nil
	}
	for _, ix := range s.ixs {
		if ix.Token == token {
			if s.cfg.Now().Sub(ix.dispatched) > s.cfg.TokenLifetime {
				apiError(w, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
				return nil
			}
			if ix.response == 0 {
				apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
				return nil
			}
			return ix
		}
	}
	apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
	return nil
}

func (s *Server) handleFollowup(w http.ResponseWriter, r *http.Request, c *Call) {
	v, ok := decodeMessage(w, c)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.interactionByToken(w, c.Param("app"), c.Param("token"))
	if ix == nil {
		return
	}
	m := s.postLocked(ix.ChannelID, v)
	if m.Ephemeral() {
		m.VisibleTo = ix.user.ID
	}
	s.showLocked(m)
	ix.followups = append(ix.followups, m.ID)
	s.notifyLocked()
	writeJSON(w, http.StatusOK, messageJSON(*m, s.cfg.GuildID, s.isDMLocked(m.ChannelID)))
}

// webhookMessage resolves "@original" or a follow-up id of an interaction.
func (s *Server) webhookMessage(w http.ResponseWriter, c *Call) (*interaction, *MessageView) {
	ix := s.interactionByToken(w, c.Param("app"), c.Param("token"))
	if ix == nil {
		return nil, nil
	}
	id := c.Param("message")
	if id == "@original" {
		id = ix.original
	}
	m := s.messageLocked(ix.ChannelID, id)
	if m == nil {
		apiError(w, http.StatusNotFound, 10008, "Unknown Message")
		return nil, nil
	}
	return ix, m
}

func (s *Server) handleWebhookEdit(w http.ResponseWriter, r *http.Request, c *Call) {
	if _, ok := decodeMessage(w, c); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, m := s.webhookMessage(w, c)
	if m == nil {
		return
	}
	applyEdit(m, c.Body)
	s.showLocked(m)
	if m.ID == ix.original {
		ix.loading = false
	}
	s.notifyLocked()
	writeJSON(w, http.StatusOK, messageJSON(*m, s.cfg.GuildID, s.isDMLocked(m.ChannelID)))
}

func (s *Server) handleWebhookDelete(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, m := s.webhookMessage(w, c)
	if m == nil {
		return
	}
	ch := s.channels[m.ChannelID]
	for i, x := range ch.messages {
		if x == m {
			ch.messages = append(ch.messages[:i], ch.messages[i+1:]...)
			break
		}
	}
	if m.ID == ix.original {
		ix.original, ix.loading = "", false
	}
	s.notifyLocked()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleWebhookGet(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m := s.webhookMessage(w, c)
	if m == nil {
		return
	}
	writeJSON(w, http.StatusOK, messageJSON(*m, s.cfg.GuildID, s.isDMLocked(m.ChannelID)))
}

// replyLocked reports what the user sees in answer to ix so far.
func (s *Server) replyLocked(ix *interaction) (Reply, bool) {
	r := Reply{Type: ix.response}
	switch ix.response {
	case 0:
		return r, false
	case ResponseModal:
		r.Modal = ix.modal
		return r, true
	case ResponseMessage, ResponseUpdateMessage:
		m := s.messageLocked(ix.ChannelID, ix.original)
		if m == nil {
			return r, false
		}
		r.Message = *m
		return r, true
	}
	// Deferred: the user sees the edited original or the first follow-up.
	r.Deferred = true
	if len(ix.followups) > 0 {
		if m := s.messageLocked(ix.ChannelID, ix.followups[0]); m != nil {
			r.Message = *m
			return r, true
		}
	}
	m := s.messageLocked(ix.ChannelID, ix.original)
	if m == nil {
		return r, false
	}
	if ix.response == ResponseDeferredUpdate && m.Edits > ix.baseEdits || ix.response == ResponseDeferredMessage && !ix.loading {
		r.Message = *m
		return r, true
	}
	return r, false
}

// Reply waits for what the user sees in answer to an interaction: the
// message, the modal, the updated message, or (after a deferral) the edited
// original or first follow-up. It fails the test on timeout.
func (s *Server) Reply(ix *Interaction, timeout time.Duration) Reply {
	s.t.Helper()
	var r Reply
	ok := s.waitUntil(timeout, func() bool {
		in := s.ixs[ix.ID]
		if in == nil {
			return false
		}
		var done bool
		r, done = s.replyLocked(in)
		return done
	})
	if !ok {
		s.fatalf("interaction %s: no reply within %v (callback type %d)", ix.ID, timeout, r.Type)
	}
	return r
}

// Followups returns the follow-up messages the bot sent for an interaction,
// as they look now.
func (s *Server) Followups(ix *Interaction) []MessageView {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.ixs[ix.ID]
	if in == nil {
		return nil
	}
	var out []MessageView
	for _, id := range in.followups {
		if m := s.messageLocked(in.ChannelID, id); m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// WaitFollowups waits until an interaction has at least n follow-ups.
func (s *Server) WaitFollowups(ix *Interaction, n int, timeout time.Duration) []MessageView {
	s.t.Helper()
	ok := s.waitUntil(timeout, func() bool {
		in := s.ixs[ix.ID]
		return in != nil && len(in.followups) >= n
	})
	if !ok {
		s.fatalf("interaction %s: want %d follow-ups within %v", ix.ID, n, timeout)
	}
	return s.Followups(ix)
}
