package handlers

import (
	"context"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// holdReader reads a complaint's legal hold, for the private case view.
type holdReader interface {
	LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error)
}

// EditCard redraws a complaint's review card in place from what the store
// holds now: after a deletion request the chat stops showing what was
// deleted. Unlike the card refresh of staff actions, it never posts a new
// card when the old one cannot be edited; the failure is logged.
func (c *Complaints) EditCard(ctx context.Context, ref string) {
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		c.log.Warn("redraw review card", "ref", ref, "err", err)
		return
	}
	if cpl.CardRef == "" {
		return
	}
	mref, err := bot.ParseMessageRef(cpl.CardRef)
	if err == nil {
		err = c.send.Edit(ctx, mref, c.card(cpl))
	}
	if err != nil {
		c.log.Warn("redraw review card", "ref", ref, "err", err)
	}
}
