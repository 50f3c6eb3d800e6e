package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/postgres"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
	"github.com/ipdesk/ipdesk/storetest"
)

// The contract suite's store covers every interface the handlers and the
// bot declare, so passing it means serving them.
var (
	_ handlers.WorkflowStore = storetest.Store(nil)
	_ handlers.QuestionStore = storetest.Store(nil)
	_ handlers.PrivacyStore  = storetest.Store(nil)
	_ handlers.LearnStore    = storetest.Store(nil)
	_ handlers.DeflectStore  = storetest.Store(nil)
	_ handlers.FollowupStore = storetest.Store(nil)
	_ handlers.LangSetter    = storetest.Store(nil)
	_ bot.LangStore          = storetest.Store(nil)
)

// With IPDESK_DB a postgres:// URL, the App runs on PostgreSQL: a filing
// begun before a restart is finished after it, staff decide it, and the
// complainant sees it, all from the shared database.
func TestSlackOnPostgres(t *testing.T) {
	dsn := pgtest.Schema(t)
	w := newSlackWorld(t, map[string]string{"IPDESK_DB": dsn})
	if _, ok := w.app.DB.(*postgres.DB); !ok {
		t.Fatalf("IPDESK_DB=postgres://… opened %T", w.app.DB)
	}
	dmCh := slackfake.IMChannel(consumer)
	m := w.startFiling(consumer)
	m = w.continueFrom(consumer, acme, m, "seller", "problem")
	w.restart()
	w.slash(dmCh, consumer, "complain")
	w.shown(dmCh, "continue where you left off", "What is wrong")
	m = w.continueFrom(consumer, acme, m, "problem", "")
	card, ref := w.confirm(consumer, m)
	if c := w.complaint(ref); c.Seller != "ACME Store" || c.Amount != 4999 || c.Contact != "buyer@example.com" || c.Status != ipdesk.StatusSubmitted {
		t.Errorf("complaint on PostgreSQL = %+v", c)
	}
	w.restart()
	w.click(staffMember, card, "Reject")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"reason": "duplicate", "note": "Already reported."}); errs != nil {
		t.Fatalf("rejection refused: %v", errs)
	}
	w.shown(reviewChannel, "Status: *rejected*", "Already reported.")
	w.shown(slackfake.IMChannel(consumer), "Update on your complaint *"+ref, "rejected")
	if c := w.complaint(ref); c.Status != ipdesk.StatusRejected || c.Decision == nil || c.Decision.By != "slack:"+staffMember {
		t.Errorf("complaint after rejection = %+v", c)
	}
	if u, err := url.Parse(dsn); err == nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(w.logs.String(), pw) {
			t.Error("the database password is in the log")
		}
	}
	trail, err := w.app.DB.AuditTrail(w.ctx, ref)
	if err != nil || len(trail) != 2 || trail[0].Action != ipdesk.ActionFile || trail[1].Action != ipdesk.ActionReject {
		t.Errorf("audit trail on PostgreSQL = %+v, %v", trail, err)
	}
}
