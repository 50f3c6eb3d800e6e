package ipdesk_test

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
)

var complainant = ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}

func TestWithdrawOnlyByTheComplainant(t *testing.T) {
	c := newComplaint()
	// Staff cannot withdraw on the complainant's behalf, nor can another user.
	for _, by := range []ipdesk.Actor{staffA, {Key: "console:consumer2", Platform: "console", Role: ipdesk.RoleUser}} {
		if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: by}, at); ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED {
			t.Fatalf("withdraw by %s = %v", by.Key, err)
		}
	}
	if c.Status != ipdesk.StatusSubmitted || c.Version != 1 {
		t.Fatalf("refused withdraw changed the complaint: %+v", c)
	}
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: complainant}, at)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != ipdesk.StatusWithdrawn || !c.WithdrawnAt.Equal(at) || e.Before != "submitted" || e.After != "withdrawn" || e.Actor != "console:consumer1" {
		t.Fatalf("after withdraw: %+v, audit %+v", c, e)
	}
	// A withdrawn complaint cannot be decided, with or without the version
	// staff saw, and says why.
	for _, ch := range []ipdesk.Change{
		{Action: ipdesk.ActionApprove, By: staffA, Amount: 100, Currency: "USD", Limit: limit},
		{Action: ipdesk.ActionReject, By: staffA, Version: 1, ReasonCode: "duplicate"},
		{Action: ipdesk.ActionAssign, By: staffB},
		{Action: ipdesk.ActionEscalate, By: staffB},
		{Action: ipdesk.ActionWithdraw, By: complainant},
	} {
		_, err := c.Apply(ch, at)
		if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "withdrawn by the complainant") {
			t.Fatalf("%s after withdraw = %v", ch.Action, err)
		}
	}
}

func TestWithdrawAfterDecisionIsRefused(t *testing.T) {
	c := newComplaint()
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staffA, Version: c.Version, ReasonCode: "duplicate"}, at); err != nil {
		t.Fatal(err)
	}
	_, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: complainant}, at)
	if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "already decided") {
		t.Fatalf("withdraw after rejection = %v", err)
	}
}

func TestWithdrawLapsesPendingApproval(t *testing.T) {
	c := newComplaint()
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: c.Version, Amount: 20000, Currency: "USD", Limit: limit}, at); err != nil {
		t.Fatal(err)
	}
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: complainant}, at)
	if err != nil {
		t.Fatal(err)
	}
	if c.Decision != nil || c.Status != ipdesk.StatusWithdrawn || !strings.Contains(e.Note, "200.00 USD by slack:S1 lapsed") {
		t.Fatalf("after withdraw: decision %+v, status %s, note %q", c.Decision, c.Status, e.Note)
	}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionConfirmApproval, By: staffB}, at); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT {
		t.Fatalf("confirm after withdraw = %v", err)
	}
}
