package main

import (
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/sqlite"
)

// Each store implements every interface the handlers and the bot declare.
var (
	_ handlers.DraftStore     = (*sqlite.DB)(nil)
	_ handlers.ComplaintStore = (*sqlite.DB)(nil)
	_ handlers.AnswerStore    = (*sqlite.DB)(nil)
	_ handlers.AuditStore     = (*sqlite.DB)(nil)
	_ handlers.ReminderStore  = (*sqlite.DB)(nil)
	_ handlers.QuestionStore  = (*sqlite.DB)(nil)
	_ handlers.WorkflowStore  = (*sqlite.DB)(nil)
	_ bot.DeliveryStore       = (*sqlite.DB)(nil)
	_ bot.OutboxStore         = (*sqlite.DB)(nil)
)
