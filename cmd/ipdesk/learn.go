package main

import "github.com/ipdesk/ipdesk/handlers"

// learn builds the service that turns staff replies into article drafts in
// IPDESK_KB_DIR.
func (app *App) learn(complaints *handlers.Complaints) (*handlers.Learn, error) {
	return handlers.NewLearn(handlers.LearnConfig{Store: app.DB, KBDir: app.Config.KBDir, Replies: complaints, Logger: app.Log})
}
