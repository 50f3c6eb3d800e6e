package ipdesk

import (
	"testing"
	"time"
)

func TestFiledComplaintAppliesTheFilingRules(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	d := &Draft{ID: "d1", Platform: "slack", UserID: "U1", Warnings: []string{"order outside the claim window"},
		Answers: Complaint{
			Kind: KindCounterfeit, Marketplace: "amazon", Seller: "Best Deals!! Store", Contact: "buyer@example.com",
			// Nothing typed into a draft may pose as staff's work.
			Ref: "IPD-AAAAA", Version: 7, Status: StatusApproved, Assignee: "slack:UADMIN", CardRef: "slack:C1:1.2",
			Decision: &Decision{Outcome: StatusApproved, Amount: 100}, InfoQuestion: "q", InfoAnswer: "a",
			StatusBeforeInfo: StatusEscalated, WithdrawnAt: now, RepeatCount: 99,
		}}
	c := FiledComplaint(d, now)
	if c.Version != 1 || c.Status != StatusSubmitted || c.Platform != "slack" || c.UserID != "U1" {
		t.Errorf("filed as version %d, %s, %s:%s; want version 1, submitted, slack:U1", c.Version, c.Status, c.Platform, c.UserID)
	}
	if c.Ref != "" || c.Assignee != "" || c.CardRef != "" || c.Decision != nil || c.InfoQuestion != "" || c.InfoAnswer != "" ||
		c.StatusBeforeInfo != "" || !c.WithdrawnAt.IsZero() || c.RepeatCount != 1 {
		t.Errorf("fields staff or the store set survived filing: %+v", c)
	}
	if c.SellerKey != "amazon:bestdealsstore" {
		t.Errorf("seller key %q, want amazon:bestdealsstore", c.SellerKey)
	}
	if c.Contact != "" {
		t.Errorf("contact %q kept without consent", c.Contact)
	}
	if !c.CreatedAt.Equal(now) || c.CreatedAt.Location() != time.UTC || !c.WaitingSince.Equal(now) || !c.UpdatedAt.Equal(now) {
		t.Errorf("times %v %v %v, want %v in UTC", c.CreatedAt, c.UpdatedAt, c.WaitingSince, now)
	}
	if len(c.Warnings) != 1 || c.FilingNote() != "counterfeit on amazon; order outside the claim window" {
		t.Errorf("filing note %q", c.FilingNote())
	}
	if d.Answers.Status != StatusApproved || d.Answers.Contact == "" {
		t.Error("filing changed the draft's own answers")
	}

	d.Answers.Consent = true
	if c := FiledComplaint(d, now); c.Contact != "buyer@example.com" {
		t.Errorf("contact %q dropped despite consent", c.Contact)
	}
}

func TestCountRepeat(t *testing.T) {
	c := &Complaint{SellerKey: "amazon:shop", CreatedAt: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	if got := c.RepeatSince(); !got.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("repeat window starts %v, want 30 days before filing", got)
	}
	for others, want := range map[int]int{0: 1, 2: 3, -1: 1} {
		c.CountRepeat(others)
		if c.RepeatCount != want {
			t.Errorf("CountRepeat(%d) = %d, want %d", others, c.RepeatCount, want)
		}
	}
	noKey := &Complaint{}
	noKey.CountRepeat(5)
	if noKey.RepeatCount != 1 {
		t.Errorf("a complaint without a seller key counts %d, want 1", noKey.RepeatCount)
	}
}

func TestChangedKeepsContactOnlyWithConsent(t *testing.T) {
	c := &Complaint{Version: 3, Consent: true, Contact: "buyer@example.com"}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c.Changed(3, now)
	if c.Version != 4 || !c.UpdatedAt.Equal(now) || c.Contact == "" {
		t.Errorf("after a change: version %d, updated %v, contact %q", c.Version, c.UpdatedAt, c.Contact)
	}
	c.Consent = false
	c.Changed(4, now)
	if c.Contact != "" {
		t.Errorf("contact %q kept after consent was withdrawn", c.Contact)
	}
}
