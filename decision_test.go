package ipdesk_test

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
)

// A final decision stays final whatever version a button or form carries.
func TestApplyDecisionsAreNotOverwritten(t *testing.T) {
	approve := func(by ipdesk.Actor, amount int64, version int) ipdesk.Change {
		return ipdesk.Change{Action: ipdesk.ActionApprove, By: by, Version: version, Amount: amount, Currency: "USD", Limit: limit}
	}
	reject := func(by ipdesk.Actor, reason string, version int) ipdesk.Change {
		return ipdesk.Change{Action: ipdesk.ActionReject, By: by, Version: version, ReasonCode: reason}
	}
	t.Run("approved", func(t *testing.T) {
		c := newComplaint()
		if _, err := c.Apply(approve(staffA, 4000, c.Version), at); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []ipdesk.Change{approve(staffB, 9000, 0), approve(staffB, 9000, c.Version), reject(staffB, "duplicate", 0), reject(staffB, "duplicate", c.Version)} {
			if _, err := c.Apply(ch, at); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "already decided by slack:S1") {
				t.Fatalf("%s v%d on an approved complaint = %v", ch.Action, ch.Version, err)
			}
		}
		if c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4000 || c.Decision.By != staffA.Key || c.Version != 2 {
			t.Fatalf("decision overwritten: %s %+v v%d", c.Status, c.Decision, c.Version)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		c := newComplaint()
		if _, err := c.Apply(reject(staffA, "duplicate", c.Version), at); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []ipdesk.Change{reject(staffB, "not_counterfeit", 0), reject(staffB, "not_counterfeit", c.Version), approve(staffB, 100, c.Version)} {
			if _, err := c.Apply(ch, at); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT {
				t.Fatalf("%s on a rejected complaint = %v", ch.Action, err)
			}
		}
		if c.Decision.ReasonCode != "duplicate" || c.Decision.By != staffA.Key {
			t.Fatalf("rejection overwritten: %+v", c.Decision)
		}
	})
	t.Run("awaiting confirmation", func(t *testing.T) {
		c := newComplaint()
		if _, err := c.Apply(approve(staffA, 20000, c.Version), at); err != nil || c.Status != ipdesk.StatusAwaitingConfirmation {
			t.Fatalf("approve above limit: %v, %s", err, c.Status)
		}
		for _, ch := range []ipdesk.Change{approve(staffB, 100, c.Version), approve(staffA, 100, c.Version), reject(staffB, "duplicate", c.Version), reject(staffA, "duplicate", c.Version)} {
			if _, err := c.Apply(ch, at); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "waits for a second staff member") {
				t.Fatalf("%s by %s while awaiting confirmation = %v", ch.Action, ch.By.Key, err)
			}
		}
		if _, err := c.Apply(approve(staffB, 100, 0), at); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT {
			t.Fatalf("approve without a version while awaiting confirmation = %v", err)
		}
		if c.Decision.By != staffA.Key || c.Decision.Amount != 20000 {
			t.Fatalf("first approval replaced: %+v", c.Decision)
		}
		// The second staff member confirms; that is the way forward.
		if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionConfirmApproval, By: staffB, Version: c.Version}, at); err != nil {
			t.Fatal(err)
		}
		if c.Status != ipdesk.StatusApproved || c.Decision.By != staffA.Key || c.Decision.ConfirmedBy != staffB.Key {
			t.Fatalf("after confirm: %s %+v", c.Status, c.Decision)
		}
	})
}

func TestApplyStaffActionsNeedTheCardVersion(t *testing.T) {
	for _, ch := range []ipdesk.Change{
		{Action: ipdesk.ActionApprove, By: staffA, Amount: 100, Currency: "USD", Limit: limit},
		{Action: ipdesk.ActionReject, By: staffA, ReasonCode: "duplicate"},
		{Action: ipdesk.ActionEscalate, By: staffA},
		{Action: ipdesk.ActionAssign, By: staffA, Version: -1},
	} {
		c := newComplaint()
		_, err := c.Apply(ch, at)
		if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "out of date") {
			t.Fatalf("%s without a version = %v", ch.Action, err)
		}
		if c.Version != 1 || c.Status != ipdesk.StatusSubmitted {
			t.Fatalf("%s without a version changed the complaint", ch.Action)
		}
	}
}

func TestApplyStaffCannotDecideTheirOwnComplaint(t *testing.T) {
	// A staff member who filed as a consumer on the console.
	self := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleStaff}
	for _, action := range []ipdesk.Action{ipdesk.ActionApprove, ipdesk.ActionReject, ipdesk.ActionEscalate, ipdesk.ActionAssign, ipdesk.ActionRequestInfo} {
		c := newComplaint()
		_, err := c.Apply(ipdesk.Change{Action: action, By: self, Version: 1, Amount: 100, Currency: "USD", Limit: limit, ReasonCode: "duplicate", Note: "A question for you."}, at)
		if ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED || !strings.Contains(ipdesk.ErrorMessage(err), "another staff member") {
			t.Fatalf("%s on own complaint = %v", action, err)
		}
		if c.Version != 1 || c.Decision != nil {
			t.Fatalf("%s on own complaint changed it", action)
		}
	}
	// Nor confirm an approval of it by a colleague.
	c := newComplaint()
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Amount: 20000, Currency: "USD", Limit: limit}, at); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionConfirmApproval, By: self, Version: c.Version}, at); ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED {
		t.Fatalf("confirm own complaint = %v", err)
	}
}

func TestApplyApproveRemovalWithoutCompensation(t *testing.T) {
	c := newComplaint()
	c.Remedy = ipdesk.RemedyRemoval
	e, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Note: "Listing reported to the marketplace.", Limit: limit}, at)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != ipdesk.StatusApproved || c.Decision.Amount != 0 || c.Decision.Currency != "" || c.Decision.By != staffA.Key {
		t.Fatalf("after removal approval: %s %+v", c.Status, c.Decision)
	}
	if !strings.Contains(e.Note, "without compensation") || !strings.Contains(c.Decision.Summary(), "without compensation") {
		t.Fatalf("audit %q, summary %q", e.Note, c.Decision.Summary())
	}
	// A complaint asking for money still needs an amount.
	c = newComplaint()
	c.Remedy = ipdesk.RemedyCompensation
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staffA, Version: 1, Limit: limit}, at); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Fatalf("zero approval of a compensation claim = %v", err)
	}
}
