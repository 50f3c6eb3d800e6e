package ipdesk_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

var (
	at     = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	staffA = ipdesk.Actor{Key: "slack:S1", Platform: "slack", Role: ipdesk.RoleStaff}
	staffB = ipdesk.Actor{Key: "discord:S2", Platform: "discord", Role: ipdesk.RoleStaff}
	limit  = ipdesk.Money{Amount: 10000, Currency: "USD"}
)

func newComplaint() *ipdesk.Complaint {
	return &ipdesk.Complaint{ID: 1, Ref: "IPD-AAAAA", Version: 1, Status: ipdesk.StatusSubmitted, Platform: "console", UserID: "consumer1"}
}

func TestApplyApproveWithinLimit(t *testing.T) {
	c := newComplaint()
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 4999, Currency: "USD", Limit: limit}, at)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4999 || c.Decision.By != "slack:S1" || c.Version != 2 {
		t.Fatalf("complaint after approve = %+v, decision %+v", c, c.Decision)
	}
	if e.Before != "submitted" || e.After != "approved" || e.Actor != "slack:S1" || e.Note != "49.99 USD" {
		t.Fatalf("audit = %+v", e)
	}
	// A second decider who saw version 1 loses and learns who won.
	_, err = c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staffB, Version: 1, ReasonCode: "duplicate"}, at)
	if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "slack:S1") {
		t.Fatalf("late reject = %v", err)
	}
	// Even without a version, a decided complaint cannot be decided again.
	_, err = c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staffB, ReasonCode: "duplicate"}, at)
	if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT {
		t.Fatalf("reject after approval = %v", err)
	}
}

func TestApplyFourEyes(t *testing.T) {
	for _, tt := range []struct {
		name     string
		amount   int64
		currency string
	}{{"above limit", 10001, "USD"}, {"other currency", 100, "EUR"}} {
		t.Run(tt.name, func(t *testing.T) {
			c := newComplaint()
			if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: c.Version, Amount: tt.amount, Currency: tt.currency, Limit: limit}, at); err != nil {
				t.Fatal(err)
			}
			if c.Status != ipdesk.StatusAwaitingConfirmation {
				t.Fatalf("status = %s, want awaiting confirmation", c.Status)
			}
			_, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionConfirmApproval, By: staffA, Version: c.Version}, at)
			if ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED || c.Status != ipdesk.StatusAwaitingConfirmation {
				t.Fatalf("self-confirm = %v, status %s", err, c.Status)
			}
			if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionConfirmApproval, By: staffB, Version: c.Version}, at); err != nil {
				t.Fatal(err)
			}
			if c.Status != ipdesk.StatusApproved || c.Decision.By != staffA.Key || c.Decision.ConfirmedBy != staffB.Key {
				t.Fatalf("after confirm: %s %+v", c.Status, c.Decision)
			}
		})
	}
}

func TestApplyRefusesAndValidates(t *testing.T) {
	consumer := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}
	other := ipdesk.Actor{Key: "console:someone", Platform: "console", Role: ipdesk.RoleUser}
	tests := []struct {
		name string
		ch   ipdesk.Change
		code string
	}{
		{"user approves", ipdesk.Change{Action: ipdesk.ActionApprove, By: consumer, Amount: 1, Currency: "USD", Limit: limit}, ipdesk.EUNAUTHORIZED},
		{"stranger answers", ipdesk.Change{Action: ipdesk.ActionInfoReply, By: other, Note: "hi"}, ipdesk.EUNAUTHORIZED},
		{"zero amount", ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Amount: 0, Currency: "USD", Limit: limit}, ipdesk.EINVALID},
		{"negative amount", ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Amount: -5, Currency: "USD", Limit: limit}, ipdesk.EINVALID},
		{"huge amount", ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Amount: 1 << 62, Currency: "USD", Limit: limit}, ipdesk.EINVALID},
		{"unknown currency", ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Amount: 100, Currency: "XYZ", Limit: limit}, ipdesk.EINVALID},
		{"reject without reason", ipdesk.Change{Action: ipdesk.ActionReject, By: staffA}, ipdesk.EINVALID},
		{"reject other without text", ipdesk.Change{Action: ipdesk.ActionReject, By: staffA, ReasonCode: "other"}, ipdesk.EINVALID},
		{"question with @everyone", ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staffA, Note: "hello @everyone please"}, ipdesk.EINVALID},
		{"empty question", ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staffA, Note: "  "}, ipdesk.EINVALID},
		{"answer while not asked", ipdesk.Change{Action: ipdesk.ActionInfoReply, By: consumer, Note: "here"}, ipdesk.ECONFLICT},
		{"stale version", ipdesk.Change{Action: ipdesk.ActionEscalate, By: staffA, Version: 7}, ipdesk.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newComplaint()
			before := *c
			if tt.ch.Version == 0 && tt.ch.By.Role == ipdesk.RoleStaff {
				tt.ch.Version = c.Version // the card the staff member pressed
			}
			_, err := c.Apply(tt.ch, at)
			if got := ipdesk.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if c.Status != before.Status || c.Version != before.Version || c.Decision != nil {
				t.Fatalf("complaint changed on error: %+v", c)
			}
		})
	}
}

func TestApplyInfoRoundTrip(t *testing.T) {
	c := newComplaint()
	consumer := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionAssign, By: staffA, Version: c.Version}, at); err != nil || c.Status != ipdesk.StatusInReview {
		t.Fatalf("assign: %v, %s", err, c.Status)
	}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staffA, Version: c.Version, Note: "Please send a photo of the label."}, at); err != nil || c.Status != ipdesk.StatusNeedsInfo {
		t.Fatalf("request: %v, %s", err, c.Status)
	}
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: consumer, Note: "Here: https://example.com/label.jpg"}, at)
	if err != nil || c.Status != ipdesk.StatusInReview || c.InfoAnswer == "" {
		t.Fatalf("answer: %v, %s", err, c.Status)
	}
	if e.Note != "answer 1: Here: https://example.com/label.jpg" {
		t.Errorf("audit note = %q, want the answer", e.Note)
	}
	// An email address in an answer stays in the complaint only: audit
	// rows are never removed.
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staffA, Version: c.Version, Note: "How can we reach you?"}, at); err != nil {
		t.Fatal(err)
	}
	e, err = c.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: consumer, Note: "Write to buyer@example.com, please."}, at)
	if err != nil || e.Note != "answer 2: Write to [email removed], please." || c.InfoRounds()[1].Answer != "Write to buyer@example.com, please." {
		t.Errorf("answer with an email: %v, audit %q, rounds %+v", err, e.Note, c.InfoRounds())
	}
}

func TestCanTransition(t *testing.T) {
	if ipdesk.CanTransition(ipdesk.StatusApproved, ipdesk.StatusRejected) {
		t.Error("approved → rejected allowed")
	}
	if !ipdesk.CanTransition(ipdesk.StatusAwaitingConfirmation, ipdesk.StatusApproved) {
		t.Error("awaiting confirmation → approved refused")
	}
	for _, s := range []ipdesk.Status{ipdesk.StatusApproved, ipdesk.StatusRejected, ipdesk.StatusWithdrawn} {
		if s.Open() {
			t.Errorf("%s is open", s)
		}
	}
}

// An answer returns the complaint to where staff asked from, even after a
// second question; staff moving it on while it waits forgets that.
func TestApplyInfoReplyReturnsToStatusBeforeQuestion(t *testing.T) {
	user := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}
	for _, tc := range []struct {
		name   string
		before []ipdesk.Change
		want   ipdesk.Status
	}{
		{"submitted", nil, ipdesk.StatusSubmitted},
		{"escalated", []ipdesk.Change{{Action: ipdesk.ActionEscalate, By: staffA}}, ipdesk.StatusEscalated},
		{"in review", []ipdesk.Change{{Action: ipdesk.ActionAssign, By: staffA}}, ipdesk.StatusInReview},
		{"escalated, asked twice", []ipdesk.Change{{Action: ipdesk.ActionEscalate, By: staffA}, {Action: ipdesk.ActionRequestInfo, By: staffB, Note: "First question?"}}, ipdesk.StatusEscalated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newComplaint()
			for _, ch := range append(tc.before, ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staffA, Note: "Which size was it?"}) {
				ch.Version = c.Version
				if _, err := c.Apply(ch, at); err != nil {
					t.Fatal(err)
				}
			}
			e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: user, Note: "Size M."}, at)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != tc.want || e.After != string(tc.want) || c.StatusBeforeInfo != "" {
				t.Fatalf("after the answer: %s (audit %s), kept %q; want %s", c.Status, e.After, c.StatusBeforeInfo, tc.want)
			}
		})
	}
}

// An approval above what the complainant asked (or in another currency)
// needs a reason in the note, whoever submits it; a refund is called one.
func TestApplyApproveAboveAsked(t *testing.T) {
	c := newComplaint()
	c.Remedy, c.Amount, c.Currency = ipdesk.RemedyRefund, 8990, "USD"
	for _, ch := range []ipdesk.Change{
		{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 500000, Currency: "USD", Limit: limit},
		{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 8990, Currency: "EUR", Limit: limit},
	} {
		if _, err := c.Apply(ch, at); ipdesk.ErrorCode(err) != ipdesk.EINVALID || !strings.Contains(ipdesk.ErrorMessage(err), "refund of 89.90 USD") {
			t.Fatalf("%d %s without a reason: %v", ch.Amount, ch.Currency, err)
		}
	}
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 8990, Currency: "USD", Limit: limit}, at)
	if err != nil || c.Decision.Remedy != ipdesk.RemedyRefund || e.Note != "a refund of 89.90 USD" || c.Decision.Summary() != "approved a refund of 89.90 USD" {
		t.Fatalf("approve as asked: %v, %q, %+v", err, e.Note, c.Decision)
	}
}

// Sending an approval back needs a reason.
func TestApplyDeclineNeedsReason(t *testing.T) {
	c := newComplaint()
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 20000, Currency: "USD", Limit: limit}, at); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionDeclineApproval, By: staffB, Version: c.Version}, at); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Fatalf("send back without a reason = %v", err)
	}
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionDeclineApproval, By: staffB, Version: c.Version, Note: "Too much for a scarf."}, at)
	if err != nil || c.Status != ipdesk.StatusInReview || !strings.HasSuffix(e.Note, ": Too much for a scarf.") {
		t.Fatalf("send back: %v, %s, %q", err, c.Status, e.Note)
	}
}

// Every action passes the same checks of who may take it, before anything
// of its own: staff actions refuse the complainant, other users, the bot,
// and a staff member deciding their own complaint, and need the version of
// the card they came from; the complainant's actions refuse everyone else,
// staff included; only the bot closes an unanswered complaint. A refused
// action changes nothing.
func TestEveryActionChecksWhoActs(t *testing.T) {
	consumer := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}
	stranger := ipdesk.Actor{Key: "console:consumer2", Platform: "console", Role: ipdesk.RoleUser}
	system := ipdesk.Actor{Key: "ipdesk", Role: ipdesk.RoleSystem}
	ownStaff := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleStaff}
	try := func(a ipdesk.Action, by ipdesk.Actor, version int, want string) {
		t.Helper()
		c := newComplaint()
		before := *c
		_, err := c.Apply(ipdesk.Change{Action: a, By: by, Version: version, Note: "A note long enough for any action.", ReasonCode: "duplicate"}, at)
		if ipdesk.ErrorCode(err) != want {
			t.Errorf("%s by %s (%s) at version %d = %v, want %s", a, by.Key, by.Role, version, err, want)
		}
		if !reflect.DeepEqual(*c, before) {
			t.Errorf("refused %s by %s changed the complaint: %+v", a, by.Key, c)
		}
	}
	staffActions := []ipdesk.Action{ipdesk.ActionAssign, ipdesk.ActionRequestInfo, ipdesk.ActionEscalate, ipdesk.ActionApprove,
		ipdesk.ActionConfirmApproval, ipdesk.ActionDeclineApproval, ipdesk.ActionReject, ipdesk.ActionPaid, ipdesk.ActionPayoutFailed, "frobnicate"}
	for _, a := range staffActions {
		for _, by := range []ipdesk.Actor{consumer, stranger, system, ownStaff} {
			try(a, by, 1, ipdesk.EUNAUTHORIZED)
		}
		try(a, staffA, 0, ipdesk.ECONFLICT)
		try(a, staffA, 7, ipdesk.ECONFLICT)
	}
	for _, a := range []ipdesk.Action{ipdesk.ActionInfoReply, ipdesk.ActionWithdraw, ipdesk.ActionAppeal} {
		for _, by := range []ipdesk.Actor{stranger, staffA, system} {
			try(a, by, 1, ipdesk.EUNAUTHORIZED)
		}
		try(a, consumer, 7, ipdesk.ECONFLICT)
	}
	for _, by := range []ipdesk.Actor{consumer, staffA} {
		try(ipdesk.ActionNoResponse, by, 1, ipdesk.EUNAUTHORIZED)
	}
	// Past the checks, an action nobody knows is refused as such.
	try("frobnicate", staffA, 1, ipdesk.EINVALID)
}
