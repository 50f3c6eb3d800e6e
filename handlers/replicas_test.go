package handlers_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/sqlite"
)

// racingStore is the database of one replica; the first time this replica
// saves a draft, between its reading and its save, another replica handles
// a message of the same user (the other's whole event runs in between).
type racingStore struct {
	*sqlite.DB
	once    sync.Once
	between func()
}

func (s *racingStore) SaveDraft(ctx context.Context, d *ipdesk.Draft) error {
	s.once.Do(s.between)
	return s.DB.SaveDraft(ctx, d)
}

// Two replicas handle two messages of one consumer at the same moment (the
// seller's name, then the order number, typed quickly): both answers end up
// in the draft, one after the other, and each message gets the question
// that follows it; neither overwrites the other. Without the versioned
// save, the replica that saved last would drop the other's answer.
func TestTwoReplicasAnswerOneDraftAtOnce(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	r = h.press("consumer1", r, "Amazon")
	r = h.say("consumer1", "https://www.amazon.com/dp/B0EXAMPLE1")
	mustContain(t, "seller", r, "seller's or shop's name")

	// A second replica: its own connection to the same file, its own
	// workflow.
	other, err := sqlite.Open(context.Background(), h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = h.clock.Now
	second, err := handlers.NewComplaints(handlers.ComplaintsConfig{Store: other, Sender: h.rec, Review: review, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux2 := bot.NewMux()
	second.Register(mux2)
	replica2 := second.Intercept(mux2)

	racing := &racingStore{DB: h.db}
	racing.between = func() {
		e := h.event("consumer1")
		e.Kind, e.Text = bot.KindMessage, "Shop Beta"
		if err := replica2.ServeEvent(context.Background(), h.rec, e); err != nil {
			t.Errorf("replica 2: %v", err)
		}
	}
	first, err := handlers.NewComplaints(handlers.ComplaintsConfig{Store: racing, Sender: h.rec, Review: review, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux1 := bot.NewMux()
	first.Register(mux1)
	e := h.event("consumer1")
	e.Kind, e.Text = bot.KindMessage, "123-1234567-1234567"
	if err := first.Intercept(mux1).ServeEvent(context.Background(), h.rec, e); err != nil {
		t.Fatalf("replica 1: %v", err)
	}
	d := h.draft("consumer1")
	if d.Answers.Seller != "Shop Beta" || d.Answers.OrderNumber != "123-1234567-1234567" || d.Step != "order_date" {
		t.Fatalf("draft after two answers at once: seller %q, order %q, at %s; want both answers, one after the other",
			d.Answers.Seller, d.Answers.OrderNumber, d.Step)
	}
	rs := h.rec.Replies()
	if n := len(rs); n < 2 {
		t.Fatalf("%d replies", n)
	}
	mustContain(t, "reply to the answer saved first", rs[len(rs)-2], "order number")
	mustContain(t, "reply to the answer saved second", rs[len(rs)-1], "When did you place the order?")
}
