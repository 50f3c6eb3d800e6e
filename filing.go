package ipdesk

import (
	"slices"
	"time"
)

// These are the rules of filing and storing a complaint. Every store
// applies them, so a complaint filed or changed on SQLite or PostgreSQL
// holds the same values; a store adds only what it alone can give: the row
// id, a unique reference, and the count of earlier reports of the seller.

// FiledComplaint returns the complaint that filing d at now creates, before
// the store gives it an id, a reference and its repeat count (see
// Complaint.CountRepeat). The answers are kept as given; everything staff
// or later events set is cleared, so nothing typed into a draft can pose as
// a decision; the seller key is derived from the answers; contact details
// go unless the complainant agreed to be contacted.
func FiledComplaint(d *Draft, now time.Time) *Complaint {
	c := d.Answers
	now = now.UTC()
	c.ID, c.Ref = 0, ""
	c.Version, c.Status, c.Platform, c.UserID = 1, StatusSubmitted, d.Platform, d.UserID
	c.SellerKey = SellerKey(c.Marketplace, c.Seller)
	c.Assignee, c.Decision, c.CardRef, c.InfoQuestion, c.InfoAnswer = "", nil, "", "", ""
	c.StatusBeforeInfo = ""
	c.WithdrawnAt, c.Info, c.Appeal = time.Time{}, nil, nil
	c.CreatedAt, c.UpdatedAt, c.WaitingSince = now, now, now
	c.Warnings = append([]string(nil), d.Warnings...)
	c.FiledBy = append([]string(nil), d.Events...)
	if d.LastEvent != "" && !slices.Contains(c.FiledBy, d.LastEvent) {
		c.FiledBy = append(c.FiledBy, d.LastEvent)
	}
	c.RepeatCount = 1
	c.KeepContactOnlyWithConsent()
	return &c
}

// RepeatSince is the earliest filing time of the complaints that count
// towards c's repeat count: those within RepeatWindow before it was filed.
func (c *Complaint) RepeatSince() time.Time { return c.CreatedAt.Add(-RepeatWindow) }

// CountRepeat sets c's repeat count from the number of other complainants
// (complainants, not complaints: one user filing three times is not three
// reports) who reported the same seller key since RepeatSince. A complaint
// without a seller key counts only itself.
func (c *Complaint) CountRepeat(otherComplainants int) {
	if c.SellerKey == "" || otherComplainants < 0 {
		otherComplainants = 0
	}
	c.RepeatCount = otherComplainants + 1
}

// KeepContactOnlyWithConsent clears the contact details of a complaint
// whose complainant did not agree to be contacted: they are kept with
// consent only, whatever a draft or a change put there.
func (c *Complaint) KeepContactOnlyWithConsent() {
	if !c.Consent {
		c.Contact = ""
	}
}

// Changed records a change of c made at now on top of the version the
// change read: the version goes up by one, the update time moves, and
// contact details stay only with consent. A store then writes c only if
// the stored version is still read.
func (c *Complaint) Changed(read int, now time.Time) {
	c.Version = read + 1
	c.UpdatedAt = now.UTC()
	c.KeepContactOnlyWithConsent()
}

// FilingNote is the note of the audit row that records c's filing: kind,
// marketplace and the warnings for staff.
func (c *Complaint) FilingNote() string {
	note := string(c.Kind) + " on " + c.Marketplace
	for _, w := range c.Warnings {
		note += "; " + w
	}
	return note
}

// FilingEntry returns the audit row that records c's filing.
func (c *Complaint) FilingEntry() AuditEntry {
	return AuditEntry{ComplaintID: c.ID, Ref: c.Ref, At: c.CreatedAt, Actor: c.Complainant(), Role: RoleUser, Platform: c.Platform,
		Action: ActionFile, Before: "", After: string(c.Status), Note: c.FilingNote()}
}

// RefusedFilingEntry returns the audit row for a confirm of someone else's
// draft: the user on platform pressed a confirm that carried the draft id
// of the complaint c (a forged or replayed button). It goes on c's trail.
func RefusedFilingEntry(c *Complaint, platform, userID string, now time.Time) AuditEntry {
	return AuditEntry{ComplaintID: c.ID, Ref: c.Ref, At: now.UTC(), Actor: platform + ":" + userID, Role: RoleUser, Platform: platform,
		Action: ActionRefused, Note: "file: not the complainant's draft"}
}
