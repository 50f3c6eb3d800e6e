package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// postCard posts a complaint's card to the review channel and remembers
// where, so later actions edit it in place.
func (c *Complaints) postCard(ctx context.Context, cpl *ipdesk.Complaint) error {
	ref, err := c.send.Send(ctx, c.review, c.card(cpl))
	if err != nil {
		return fmt.Errorf("post card %s: %w", cpl.Ref, err)
	}
	cpl.CardRef = ref.String()
	return c.store.SetCardRef(ctx, cpl.Ref, cpl.CardRef)
}

// postedCards returns, by complaint reference, the review cards the bot
// posted since a time, read back from the review channel (see bot.Finder):
// a card whose process died between posting it and storing where it is
// has no CardRef, and must be found rather than posted again. A card is a
// message naming the complaint with a review button for it; the newest
// card of a complaint wins. It
// returns nothing when the review platform cannot read back its messages.
func (c *Complaints) postedCards(ctx context.Context, since time.Time) map[string]bot.MessageRef {
	f, ok := c.send.(bot.Finder)
	if !ok {
		return nil
	}
	posted, err := f.Posted(ctx, c.review, since, maxCardsReadBack)
	if err != nil {
		if !errors.Is(err, bot.ErrNoFind) {
			c.log.Warn("read back the review channel's cards", "err", err)
		}
		return nil
	}
	cards := map[string]bot.MessageRef{}
	for _, p := range posted {
		for _, b := range p.Buttons {
			// A card's buttons carry its reference and version; the
			// saved replies offered to staff carry more after a "~".
			if !strings.HasPrefix(b.ID, "review.") || strings.Contains(b.Value, "~") {
				continue
			}
			if ref, _ := splitRefVersion(b.Value); ref != "" && strings.Contains(p.Text, ref) {
				if _, seen := cards[ref]; !seen {
					cards[ref] = p.Ref
				}
				break
			}
		}
	}
	return cards
}

// maxCardsReadBack bounds the messages read back from the review channel
// when looking for cards posted but not recorded.
const maxCardsReadBack = 500

// cardReadBackSlack is how long before a complaint's filing its card is
// looked for: the platform's clock and the database's may differ.
const cardReadBackSlack = time.Minute

// adoptCard records a card found in the review channel as the complaint's
// and brings it up to date, in place of posting a second one.
func (c *Complaints) adoptCard(ctx context.Context, cpl *ipdesk.Complaint, ref bot.MessageRef) error {
	cpl.CardRef = ref.String()
	if err := c.store.SetCardRef(ctx, cpl.Ref, cpl.CardRef); err != nil {
		return err
	}
	c.log.Info("review card found in the channel, not posted again", "ref", cpl.Ref)
	if err := c.send.Edit(ctx, ref, c.card(cpl)); err != nil {
		c.log.Warn("edit review card", "ref", cpl.Ref, "err", err)
	}
	return nil
}

// ensureCard posts a complaint's card unless one was posted before and is
// found in the review channel (see postedCards).
func (c *Complaints) ensureCard(ctx context.Context, cpl *ipdesk.Complaint) error {
	if ref, ok := c.postedCards(ctx, cpl.CreatedAt.Add(-cardReadBackSlack))[cpl.Ref]; ok {
		return c.adoptCard(ctx, cpl, ref)
	}
	return c.postCard(ctx, cpl)
}

// refreshCard edits the card in place, or posts it when it was never posted
// or can no longer be edited.
func (c *Complaints) refreshCard(ctx context.Context, cpl *ipdesk.Complaint) {
	if cpl.CardRef == "" {
		if err := c.ensureCard(ctx, cpl); err != nil {
			c.log.Error("post review card", "ref", cpl.Ref, "err", err)
		}
		return
	}
	ref, err := bot.ParseMessageRef(cpl.CardRef)
	if err == nil {
		if err = c.send.Edit(ctx, ref, c.card(cpl)); err == nil {
			return
		}
	}
	c.log.Warn("edit review card; posting a new one", "ref", cpl.Ref, "err", err)
	if err := c.postCard(ctx, cpl); err != nil {
		c.log.Error("post review card", "ref", cpl.Ref, "err", err)
	}
}

// serveReview handles staff buttons and forms. RequireStaff guards the
// route; the check is repeated here and again in the domain rules, so a
// route registered without the guard still refuses.
func (c *Complaints) serveReview(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("bot.staff_only")}
	}
	if e.Kind == bot.KindSubmit {
		return c.serveReviewForm(ctx, w, e)
	}
	value, saved, _ := strings.Cut(e.Action.Value, "~") // saved-reply buttons add "~KIND~N~TAG"
	ref, version := splitRefVersion(value)
	if ref == "" {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("review.no_ref_button")}
	}
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	if e.Action.ID == "review.files" {
		if cpl.Complainant() == e.User.Key() {
			return ownComplaintRefusal(tr, cpl)
		}
		return c.showFiles(ctx, w, e, cpl)
	}
	if e.Action.ID == "review.note" {
		// A note changes nothing staff decide on, so an older card will
		// do; only the complainant may not add one.
		if cpl.Complainant() == e.User.Key() {
			return ownComplaintRefusal(tr, cpl)
		}
		_, err := w.Reply(ctx, bot.Reply{Form: noteForm(tr, cpl)})
		return err
	}
	if err := c.checkActor(ctx, w, e, cpl, version); err != nil || version <= 0 {
		return err
	}
	ch := ipdesk.Change{By: actor(e), Version: version}
	switch e.Action.ID {
	case "review.approve", "review.reject", "review.info", "review.removal", "review.decline", "review.paid", "review.payfail", "review.saved", "review.own":
		if err := cpl.CheckVersion(version); err != nil {
			c.refreshCard(ctx, cpl)
			return err
		}
		return c.openReviewForm(ctx, w, tr, e.Platform().Limits(), e.Action.ID, saved, cpl)
	case "review.escalate":
		ch.Action = ipdesk.ActionEscalate
	case "review.assign":
		ch.Action = ipdesk.ActionAssign
	case "review.confirm":
		ch.Action = ipdesk.ActionConfirmApproval
	default:
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("mux.inactive")}
	}
	return c.apply(ctx, w, e, ref, ch)
}

// checkActor refuses a staff member acting on their own complaint (audited
// by auditRefusals), and answers a button or form without the version of
// the card it came from with the current card, so that nobody decides on
// something they did not see. The domain rules check both again.
func (c *Complaints) checkActor(ctx context.Context, w bot.ResponseWriter, e *bot.Event, cpl *ipdesk.Complaint, version int) error {
	if cpl.Complainant() == e.User.Key() {
		return ownComplaintRefusal(e.Printer(), cpl)
	}
	if version > 0 {
		return nil
	}
	if !cpl.Status.Open() {
		return cpl.Conflict()
	}
	r := c.card(cpl)
	r.Text = e.Printer().T("review.stale_card") + "\n\n" + r.Text
	r.Ephemeral = true
	_, err := w.Reply(ctx, r)
	return err
}

// openReviewForm opens the form behind a decision button. Rejecting and
// asking for information first offer the saved replies, when there are
// any: choosing one opens the form filled with it (the staff member can
// still change it), and "Write my own" opens it empty.
func (c *Complaints) openReviewForm(ctx context.Context, w bot.ResponseWriter, tr i18n.Printer, lim bot.Limits, action, saved string, cpl *ipdesk.Complaint) error {
	kind := map[string]string{"review.reject": replyReject, "review.info": replyAsk}[action]
	if kind != "" {
		if list := c.replies.Of(kind); len(list) > 0 {
			r := bot.Reply{Ephemeral: true, Text: tr.T("review.saved_choose", "Ref", cpl.Ref)}
			for i, sr := range list {
				r.Buttons = append(r.Buttons, bot.Button{ID: "review.saved", Label: clipRunes(sr.Title, 60), Value: fmt.Sprintf("%s~%s~%d~%s", refVersion(cpl), kind, i, sr.Tag())})
			}
			r.Buttons = append(r.Buttons, bot.Button{ID: "review.own", Label: tr.T("review.write_own"), Value: refVersion(cpl) + "~" + kind})
			_, err := w.Reply(ctx, r)
			return err
		}
	}
	var f *bot.Form
	switch action {
	case "review.own", "review.saved":
		kind, rest, _ := strings.Cut(saved, "~")
		base := map[string]string{replyReject: "review.reject", replyAsk: "review.info"}[kind]
		if base == "" {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("button.broken")}
		}
		f = c.reviewForm(tr, lim, base, cpl)
		if action == "review.saved" {
			idx, tag, _ := strings.Cut(rest, "~")
			list := c.replies.Of(kind)
			n, err := strconv.Atoi(idx)
			if err != nil || n < 0 || n >= len(list) || list[n].Tag() != tag {
				return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T(map[string]string{replyReject: "review.saved_changed_reject", replyAsk: "review.saved_changed_info"}[kind])}
			}
			fill(f, list[n], cpl)
		}
	default:
		f = c.reviewForm(tr, lim, action, cpl)
	}
	_, err := w.Reply(ctx, bot.Reply{Form: f})
	return err
}

// fill puts a saved reply into a reject or info form.
func fill(f *bot.Form, sr SavedReply, cpl *ipdesk.Complaint) {
	for i := range f.Inputs {
		switch in := &f.Inputs[i]; in.ID {
		case "reason":
			in.Initial = sr.Reason
		case "note", "question":
			in.Initial = sr.Fill(cpl)
		}
	}
}

// ownComplaintRefusal refuses a staff member acting on their own complaint.
func ownComplaintRefusal(tr i18n.Printer, cpl *ipdesk.Complaint) error {
	return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("review.own_complaint", "Ref", cpl.Ref)}
}

// reviewForm is the form behind a decision button, in the language of the
// staff member who pressed it, within the limits of their platform.
func (c *Complaints) reviewForm(tr i18n.Printer, lim bot.Limits, action string, cpl *ipdesk.Complaint) *bot.Form {
	v := refVersion(cpl)
	switch action {
	case "review.approve":
		amount, cur := "", c.currency
		if cpl.Amount > 0 && cpl.Currency != "" {
			cur = cpl.Currency
			amount = strings.TrimSuffix(strings.ReplaceAll(ipdesk.FormatAmount(cpl.Amount, cpl.Currency), ",", ""), " "+cpl.Currency)
		}
		title, label := tr.T("form.approve.title", "Ref", cpl.Ref), tr.T("form.approve.amount")
		if cpl.Remedy == ipdesk.RemedyRefund {
			title, label = tr.T("form.approve.refund_title", "Ref", cpl.Ref), tr.T("form.approve.refund_amount")
		}
		placeholder := "49.99"
		if cpl.Amount > 0 && cpl.Currency != "" {
			placeholder = tr.T("form.approve.asked", "Amount", ipdesk.FormatAmount(cpl.Amount, cpl.Currency))
		}
		return &bot.Form{ID: "review.approve", Title: title, Submit: tr.T("form.approve.submit"), Value: v, Inputs: []bot.Input{
			{ID: "amount", Label: label, Kind: bot.InputText, Required: true, Initial: amount, Placeholder: placeholder, MaxLen: 20},
			{ID: "currency", Label: tr.T("form.approve.currency"), Kind: bot.InputText, Required: true, Initial: cur, MaxLen: 3},
			{ID: "note", Label: tr.T("form.note_to_complainant"), Kind: bot.InputParagraph, MaxLen: 1000},
		}}
	case "review.removal":
		// The reference is in the label too, which every platform shows
		// whole; the title names it where the platform allows a title
		// that long.
		title := tr.T("form.removal.title_ref", "Ref", cpl.Ref)
		if !bot.Fits(title, lim.FormTitle) {
			title = tr.T("form.removal.title")
		}
		return &bot.Form{ID: "review.removal", Title: title, Submit: tr.T("form.approve.submit"), Value: v, Inputs: []bot.Input{
			{ID: "note", Label: tr.T("form.removal.note", "Ref", cpl.Ref), Kind: bot.InputParagraph, MaxLen: 1000},
		}}
	case "review.reject":
		var opts []bot.Option
		for _, r := range ipdesk.ReasonCodes {
			opts = append(opts, bot.Option{Label: reasonLabel(tr, r.Code), Value: r.Code})
		}
		return &bot.Form{ID: "review.reject", Title: tr.T("form.reject.title", "Ref", cpl.Ref), Submit: tr.T("form.reject.submit"), Value: v, Inputs: []bot.Input{
			{ID: "reason", Label: tr.T("form.reject.reason"), Kind: bot.InputSelect, Options: opts, Required: true},
			{ID: "note", Label: tr.T("form.reject.note"), Kind: bot.InputParagraph, MaxLen: 1000},
		}}
	case "review.paid":
		return &bot.Form{ID: "review.paid", Title: tr.T("form.paid.title", "Ref", cpl.Ref), Submit: tr.T("form.paid.submit"), Value: v, Inputs: []bot.Input{
			{ID: "reference", Label: tr.T("form.paid.reference"), Kind: bot.InputText, Required: true, MaxLen: 100, Placeholder: tr.T("form.paid.reference_placeholder")},
			{ID: "date", Label: tr.T("form.paid.date"), Kind: bot.InputText, Required: true, MaxLen: 10, Initial: c.now().UTC().Format("2006-01-02")},
		}}
	case "review.payfail":
		return &bot.Form{ID: "review.payfail", Title: tr.T("form.payfail.title", "Ref", cpl.Ref), Submit: tr.T("form.payfail.submit"), Value: v, Inputs: []bot.Input{
			{ID: "reason", Label: tr.T("form.payfail.reason"), Kind: bot.InputParagraph, Required: true, MaxLen: 1000,
				Placeholder: tr.T("form.payfail.placeholder")},
		}}
	case "review.decline":
		d := cpl.Decision
		label := tr.T("form.decline.why")
		if d != nil {
			label = tr.T("form.decline.why_amount", "What", compensation(tr, d))
		}
		return &bot.Form{ID: "review.decline", Title: tr.T("form.decline.title", "Ref", cpl.Ref), Submit: tr.T("form.decline.submit"), Value: v, Inputs: []bot.Input{
			{ID: "reason", Label: clipRunes(label, 45), Kind: bot.InputParagraph, Required: true, MaxLen: 1000,
				Placeholder: tr.T("form.decline.placeholder")},
		}}
	default:
		return &bot.Form{ID: "review.info", Title: tr.T("form.info.title", "Ref", cpl.Ref), Submit: tr.T("form.info.submit"), Value: v, Inputs: []bot.Input{
			{ID: "question", Label: tr.T("form.info.question"), Kind: bot.InputParagraph, Required: true, MaxLen: 1000},
		}}
	}
}

// serveReviewForm handles a submitted decision form. Bad fields come back
// as a FormError so the staff member fixes them in place.
func (c *Complaints) serveReviewForm(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	ref, version := splitRefVersion(e.Form.Value)
	if ref == "" {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("review.no_ref_form")}
	}
	if e.Form.ID == "review.note" {
		if _, err := ipdesk.CleanText(e.Form.Fields["note"], tr.T("field.note"), 1, maxNote, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"note": tr.Error(err)}}
		}
		return c.addNote(ctx, w, e, ref, e.Form.Fields["note"])
	}
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	if err := c.checkActor(ctx, w, e, cpl, version); err != nil || version <= 0 {
		return err
	}
	f := e.Form.Fields
	ch := ipdesk.Change{By: actor(e), Version: version, Limit: c.limit}
	switch e.Form.ID {
	case "review.removal":
		ch.Action, ch.Note = ipdesk.ActionApprove, f["note"]
		if _, err := ipdesk.CleanText(ch.Note, tr.T("field.note"), 0, 1000, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"note": tr.Error(err)}}
		}
	case "review.approve":
		ch.Action = ipdesk.ActionApprove
		fe := map[string]string{}
		cur, err := ipdesk.ParseCurrency(f["currency"])
		if err != nil {
			fe["currency"] = tr.Error(err)
		} else if amt, err := ipdesk.ParseAmount(f["amount"], cur); err != nil {
			fe["amount"] = tr.Error(err)
		} else {
			ch.Amount, ch.Currency = amt, cur
		}
		note, err := ipdesk.CleanText(f["note"], tr.T("field.note"), 0, 1000, true)
		if err != nil {
			fe["note"] = tr.Error(err)
		} else if over := cpl.OverAskedMsg(ch.Amount, ch.Currency); over.English != "" && note == "" && fe["amount"] == "" {
			// A typing slip (5000 for 50.00) must not pass unseen.
			fe["amount"] = tr.Msg(over) + tr.T("form.approve.check_amount")
		}
		if len(fe) > 0 {
			return &bot.FormError{Fields: fe}
		}
		ch.Note = f["note"]
	case "review.reject":
		ch.Action, ch.ReasonCode, ch.Note = ipdesk.ActionReject, f["reason"], f["note"]
		if ipdesk.ReasonLabel(ch.ReasonCode) == ch.ReasonCode {
			return &bot.FormError{Fields: map[string]string{"reason": tr.T("form.reject.choose")}}
		}
		min := 0
		if ch.ReasonCode == "other" {
			min = 5
		}
		if _, err := ipdesk.CleanText(ch.Note, tr.T("field.explanation"), min, 1000, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"note": tr.Error(err)}}
		}
	case "review.paid":
		ch.Action, ch.Reference, ch.PaidOn = ipdesk.ActionPaid, f["reference"], f["date"]
		if _, err := ipdesk.CleanText(ch.Reference, tr.T("field.payment_reference"), 2, 100, false); err != nil {
			return &bot.FormError{Fields: map[string]string{"reference": tr.Error(err)}}
		}
		if _, err := time.Parse("2006-01-02", strings.TrimSpace(ch.PaidOn)); err != nil {
			return &bot.FormError{Fields: map[string]string{"date": tr.T("form.paid.bad_date", "Example", c.now().UTC().Format("2006-01-02"))}}
		}
	case "review.payfail":
		ch.Action, ch.Note = ipdesk.ActionPayoutFailed, f["reason"]
		if _, err := ipdesk.CleanText(ch.Note, tr.T("field.reason"), 5, 1000, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"reason": tr.Error(err)}}
		}
	case "review.decline":
		ch.Action, ch.Note = ipdesk.ActionDeclineApproval, f["reason"]
		if _, err := ipdesk.CleanText(ch.Note, tr.T("field.reason"), 5, 1000, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"reason": tr.Error(err)}}
		}
	case "review.info":
		ch.Action, ch.Note = ipdesk.ActionRequestInfo, f["question"]
		if _, err := ipdesk.CleanText(ch.Note, tr.T("field.question"), 5, 1000, true); err != nil {
			return &bot.FormError{Fields: map[string]string{"question": tr.Error(err)}}
		}
	default:
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("mux.inactive")}
	}
	return c.apply(ctx, w, e, ref, ch)
}

// apply makes one change, then updates the card, tells the complainant, and
// confirms to the staff member.
func (c *Complaints) apply(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string, ch ipdesk.Change) error {
	var entry ipdesk.AuditEntry
	var before *ipdesk.Decision
	cpl, err := c.store.UpdateComplaint(ctx, ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		before = cpl.Decision
		var err error
		entry, err = cpl.Apply(ch, c.now())
		return entry, err
	})
	if ipdesk.ErrorCode(err) == ipdesk.ECONFLICT {
		// Show the current state, so the loser sees what the winner did.
		if cur, lerr := c.store.Complaint(ctx, ref); lerr == nil {
			c.refreshCard(ctx, cur)
		}
		return err
	} else if err != nil {
		return err
	}
	c.log.Info("complaint changed", "ref", cpl.Ref, "action", string(ch.Action), "by", ch.By.Key, "status", string(cpl.Status))
	c.refreshCard(ctx, cpl)
	if entry.Before != entry.After {
		c.notify(ctx, c.complaintTr(cpl), cpl)
	}
	if ch.Action == ipdesk.ActionDeclineApproval && before != nil {
		c.tellApprover(ctx, cpl, before, ch)
	}
	if ch.Action == ipdesk.ActionPaid || ch.Action == ipdesk.ActionPayoutFailed {
		c.notifyPayout(ctx, c.complaintTr(cpl), cpl)
	}
	tr := e.Printer()
	_, err = w.Reply(ctx, bot.Reply{Text: tr.T("review.done", "Ref", cpl.Ref, "Status", statusLabel(tr, cpl.Status)), Ephemeral: true})
	return err
}

// notifyPayout tells the complainant that their approved amount was paid,
// or that paying it failed, and why.
func (c *Complaints) notifyPayout(ctx context.Context, tr i18n.Printer, cpl *ipdesk.Complaint) {
	p := cpl.Payouts[len(cpl.Payouts)-1]
	what := tr.T("remedy.compensation")
	if cpl.Decision.Remedy == ipdesk.RemedyRefund {
		what = tr.T("remedy.refund")
	}
	amount := tr.Money(cpl.Decision.Amount, cpl.Decision.Currency)
	var text string
	if p.Paid {
		paid := p.PaidOn
		if day, err := time.Parse("2006-01-02", p.PaidOn); err == nil {
			paid = tr.Date(day)
		}
		text = tr.T("notify.paid", "Ref", cpl.Ref, "What", what, "Amount", amount, "Date", paid, "Reference", markup.Escape(p.Reference))
	} else {
		text = tr.T("notify.payment_failed", "Ref", cpl.Ref, "What", what, "Amount", amount, "Reason", sentence(markup.Escape(p.Reason)))
	}
	if _, err := c.send.Send(ctx, bot.DirectTo(cpl.Platform, cpl.UserID), bot.Reply{Text: text}); err != nil {
		c.log.Error("notify complainant of payout", "ref", cpl.Ref, "platform", cpl.Platform, "err", err)
	}
}

// tellApprover tells the staff member whose approval was sent back why, in
// a direct message on their platform.
func (c *Complaints) tellApprover(ctx context.Context, cpl *ipdesk.Complaint, d *ipdesk.Decision, ch ipdesk.Change) {
	platform, id, ok := strings.Cut(d.By, ":")
	if !ok {
		return
	}
	tr := c.userTr(ctx, platform, id)
	text := tr.T("notify.approver", "What", compensation(tr, d), "Ref", cpl.Ref, "By", markup.Escape(ch.By.Key), "Reason", quote(ch.Note),
		"Cmd", commandFor(tr, c.platform(platform), "", "case")+" "+cpl.Ref)
	if _, err := c.send.Send(ctx, bot.DirectTo(platform, id), bot.Reply{Text: text}); err != nil {
		c.log.Warn("tell approver", "ref", cpl.Ref, "err", err)
	}
}

// notify tells the complainant, in a direct message on their own platform,
// what changed and what they can do next.
func (c *Complaints) notify(ctx context.Context, tr i18n.Printer, cpl *ipdesk.Complaint) {
	var b strings.Builder
	r := bot.Reply{}
	b.WriteString(tr.T("notify.lead", "Ref", cpl.Ref))
	d := cpl.Decision
	switch cpl.Status {
	case ipdesk.StatusInReview:
		b.WriteString(tr.T("notify.in_review"))
	case ipdesk.StatusSubmitted:
		b.WriteString(tr.T("notify.submitted"))
	case ipdesk.StatusEscalated:
		b.WriteString(tr.T("notify.escalated"))
	case ipdesk.StatusNeedsInfo:
		b.WriteString(tr.T("notify.needs_info", "Question", markup.Escape(cpl.InfoQuestion)))
		r.Buttons = []bot.Button{{ID: actionAnswer, Label: tr.T("notify.answer_button"), Value: cpl.Ref}}
	case ipdesk.StatusAwaitingConfirmation:
		// Not final: a second staff member may still send it back, so
		// nothing is said of what was decided.
		b.WriteString(tr.T("notify.awaiting_confirmation"))
	case ipdesk.StatusApproved:
		switch {
		case d.Amount == 0:
			b.WriteString(tr.T("notify.approved_removal"))
		case d.Remedy == ipdesk.RemedyRefund:
			b.WriteString(tr.T("notify.approved_refund", "Amount", tr.Money(d.Amount, d.Currency)))
		default:
			b.WriteString(tr.T("notify.approved_amount", "Amount", tr.Money(d.Amount, d.Currency)))
		}
		if d.Note != "" {
			b.WriteString("\n\n" + tr.T("notify.note", "Note", markup.Escape(d.Note)))
		}
		if d.Amount == 0 {
			b.WriteString("\n\n" + tr.T("notify.followup_removal"))
		} else {
			b.WriteString("\n\n" + tr.T("notify.followup_payment"))
		}
	case ipdesk.StatusRejected:
		b.WriteString(tr.T("notify.rejected", "Reason", reasonLabel(tr, d.ReasonCode)))
		if d.Note != "" {
			b.WriteString("\n\n" + markup.Escape(d.Note))
		}
		if cpl.Appeal != nil {
			b.WriteString("\n\n" + tr.T("notify.appeal_final"))
		} else {
			b.WriteString("\n\n" + tr.T("notify.appeal", "Period", tr.Period(c.appealWindow), "Cmd", commandFor(tr, c.platform(cpl.Platform), "", "appeal"), "Ref", cpl.Ref))
			r.Buttons = []bot.Button{{ID: actionAppeal, Label: tr.T("notify.appeal_button"), Value: cpl.Ref}}
		}
	default:
		b.WriteString(tr.T("notify.other", "Status", statusLabel(tr, cpl.Status)))
	}
	b.WriteString("\n\n" + tr.T("notify.status_hint", "Cmd", commandFor(tr, c.platform(cpl.Platform), "", "status")))
	// Closed with a decision: ask, once, how it was handled.
	asked := !cpl.Status.Open() && cpl.Decision != nil && c.claimRating(ctx, cpl)
	if asked {
		b.WriteString("\n\n" + tr.T("rating.question"))
		r.Buttons = append(r.Buttons, ratingButtons(cpl)...)
	}
	r.Text = b.String()
	r.Important = cpl.Ref // kept and retried by the Bot if it cannot be delivered now
	if _, err := c.send.Send(ctx, bot.DirectTo(cpl.Platform, cpl.UserID), r); err != nil {
		c.log.Error("notify complainant", "ref", cpl.Ref, "platform", cpl.Platform, "err", err)
		if asked {
			if rerr := c.store.ReleaseRatingRequest(context.WithoutCancel(ctx), cpl.ID); rerr != nil {
				c.log.Error("release rating request", "ref", cpl.Ref, "err", rerr)
			}
		}
	}
}
