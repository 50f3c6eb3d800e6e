package main

import "github.com/ipdesk/ipdesk/handlers"

// learn builds the service that turns staff replies into article drafts in
// IPDESK_KB_DIR.
func (app *App) learn(complaints *handlers.Complaints) (*handlers.Learn, error) {
	return handlers.NewLearn(handlers.LearnConfig{Store: app.DB, KBDir: app.Config.KBDir, Replies: complaints, Logger: app.Log})
}

// deflect builds the service that offers an article before a complaint
// whose first words strongly match one.
func (app *App) deflect(index handlers.KnowledgeBase, complaints *handlers.Complaints) (*handlers.Deflect, error) {
	return handlers.NewDeflect(handlers.DeflectConfig{Index: index, Store: app.DB, Complaints: complaints, Logger: app.Log})
}

// followups builds the "Did this answer help?" follow-ups, off when the
// operator turned them off, and in the console unless turned on.
func (app *App) followups(ask *handlers.Ask) (*handlers.Followups, error) {
	c := app.Config
	off := !c.Privacy.Followups || (c.ConsoleMode() && !c.explicit["IPDESK_FEEDBACK_FOLLOWUPS"])
	return handlers.NewFollowups(handlers.FollowupsConfig{Store: app.DB, Sender: app.Bot, Ask: ask, Off: off, Logger: app.Log})
}
