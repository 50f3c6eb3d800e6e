package discord

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/ipdesk/ipdesk/bot"
)

// maxCustomID is Discord's limit on a component's or modal's custom_id.
const maxCustomID = 100

// Custom id prefixes. A button carries "a<index>|<action id>|<value>", a modal
// "f|<form id>|<value>"; when that would pass 100 characters (or the id holds
// a "|"), the pair is kept in memory and the custom id is "k|<key>". A button
// that opens a form carries "o|<key>", and a part of a form too long for one
// modal "p|<key>". Keys do not survive a restart: a press
// on such a button afterwards is answered "no longer active".
const (
	prefixAction = "a"
	prefixForm   = "f|"
	prefixKey    = "k|"
	prefixOpen   = "o|"
	prefixPage   = "p|"
)

// stash keeps what does not fit in a custom id, bounded so memory stays
// flat: the least recently used entries go first.
type stash struct {
	m *lru.Cache[string, any]
}

func newStash(capacity int) *stash {
	c, err := lru.New[string, any](max(capacity, 1))
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &stash{m: c}
}

// put stores v under a fresh random key and returns the key.
func (s *stash) put(v any) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	key := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	s.putKey(key, v)
	return key
}

// putKey stores v under key, replacing what was there.
func (s *stash) putKey(key string, v any) {
	s.m.Add(key, v)
}

func (s *stash) get(key string) (any, bool) {
	return s.m.Get(key)
}

// formRef is a form's id and private value, as a modal carries them.
type formRef struct{ ID, Value string }

// actionID encodes a button's action id and value as a custom id; index
// keeps custom ids unique within a message when two buttons share both.
func (a *Adapter) actionID(index int, b bot.Button) string {
	id := prefixAction + strconv.Itoa(index) + "|" + b.ID + "|" + b.Value
	if len(id) <= maxCustomID && !strings.Contains(b.ID, "|") {
		return id
	}
	return prefixKey + a.stash.put(bot.Action{ID: b.ID, Value: b.Value})
}

// parseAction decodes a button's custom id.
func (a *Adapter) parseAction(customID string) (bot.Action, bool) {
	if key, ok := strings.CutPrefix(customID, prefixKey); ok {
		v, ok := a.stash.get(key)
		act, isAction := v.(bot.Action)
		return act, ok && isAction
	}
	rest, ok := strings.CutPrefix(customID, prefixAction)
	if !ok {
		return bot.Action{}, false
	}
	parts := strings.SplitN(rest, "|", 3)
	if len(parts) != 3 {
		return bot.Action{}, false
	}
	return bot.Action{ID: parts[1], Value: parts[2]}, true
}

// formID encodes a form's id and value as a modal custom id.
func (a *Adapter) formID(f *bot.Form) string {
	id := prefixForm + f.ID + "|" + f.Value
	if len(id) <= maxCustomID && !strings.Contains(f.ID, "|") {
		return id
	}
	return prefixKey + a.stash.put(formRef{ID: f.ID, Value: f.Value})
}

// parseForm decodes a modal custom id.
func (a *Adapter) parseForm(customID string) (formRef, bool) {
	if key, ok := strings.CutPrefix(customID, prefixKey); ok {
		v, ok := a.stash.get(key)
		f, isForm := v.(formRef)
		return f, ok && isForm
	}
	rest, ok := strings.CutPrefix(customID, prefixForm)
	if !ok {
		return formRef{}, false
	}
	id, value, ok := strings.Cut(rest, "|")
	return formRef{ID: id, Value: value}, ok
}
