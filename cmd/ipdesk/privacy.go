package main

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/evidence"
	"github.com/ipdesk/ipdesk/handlers"
)

// privacySettings are the retention periods and where exports go.
type privacySettings struct {
	QuestionDays  int
	ComplaintDays int
	EvidenceDays  int
	// ExportDir is where "my data" files are saved when the platform
	// cannot take files (the console); default exports/ beside IPDESK_DB.
	ExportDir string
	// Followups turns on the "Did this answer help?" follow-ups (off in
	// the console unless set).
	Followups bool
}

func defaultPrivacySettings() privacySettings {
	r := ipdesk.DefaultRetention()
	return privacySettings{QuestionDays: days(r.Questions), ComplaintDays: days(r.ClosedComplaints), EvidenceDays: days(r.Evidence), Followups: true}
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

// Retention returns the periods as ipdesk.Retention.
func (p privacySettings) Retention() ipdesk.Retention {
	day := 24 * time.Hour
	return ipdesk.Retention{Questions: time.Duration(p.QuestionDays) * day, ClosedComplaints: time.Duration(p.ComplaintDays) * day,
		Evidence: time.Duration(p.EvidenceDays) * day}
}

func init() {
	// The privacy settings go after the others in help.
	gi, sti := boundedInt(func(c *Config) *int { return &c.Privacy.QuestionDays }, "days", 1, 100*366)
	settings = append(settings, mk("IPDESK_RETAIN_QUESTIONS_DAYS", "days a question asked of the knowledge base (and the votes on it) is kept", false, gi, sti))
	gi, sti = boundedInt(func(c *Config) *int { return &c.Privacy.ComplaintDays }, "days", 1, 100*366)
	settings = append(settings, mk("IPDESK_RETAIN_COMPLAINTS_DAYS", "days after it closed that a complaint keeps the complainant's name, email, user id and free text; then it is anonymised", false, gi, sti))
	gi, sti = boundedInt(func(c *Config) *int { return &c.Privacy.EvidenceDays }, "days", 1, 100*366)
	settings = append(settings, mk("IPDESK_RETAIN_EVIDENCE_DAYS", "days after it closed that a complaint keeps its evidence (file names, links, copies)", false, gi, sti))
	g, st := str(func(c *Config) *string { return &c.Privacy.ExportDir })
	gb, stb := boolean(func(c *Config) *bool { return &c.Privacy.Followups })
	settings = append(settings, mk("IPDESK_FEEDBACK_FOLLOWUPS", "send one “Did this answer help?” a day at most, in the asker's DM, after an answer they did not rate (people can turn it off with feedback off); default true, false in the console", false, gb, stb))
	settings = append(settings, mk("IPDESK_EXPORT_DIR", "folder for data exports the platform cannot take as a file (the console); default exports/ beside IPDESK_DB; files there are deleted after 7 days", false, g, st))
}

// exportDir is where exports are saved: beside the SQLite file, or in the
// working folder with PostgreSQL.
func (c *Config) exportDir() string {
	if d := strings.TrimSpace(c.Privacy.ExportDir); d != "" {
		return d
	}
	return filepath.Join(c.dbFolder(), "exports")
}

// privacy builds the privacy service: "my data", "forget me", the staff
// "privacy" command and the retention sweep.
func (app *App) privacy(complaints *handlers.Complaints, kept *evidence.Store) (*handlers.Privacy, error) {
	return handlers.NewPrivacy(handlers.PrivacyConfig{
		Store: app.DB, Uploader: app.Bot, Cards: complaints,
		Retention: app.Config.Privacy.Retention(), ExportDir: app.Config.exportDir(), Logger: app.Log,
		RemoveEvidence: func(ctx context.Context, sum string) error { return kept.Remove(sum) },
		Flush:          app.flush(),
	})
}

// flush commits the journal's batch before an export or a deletion reads
// the question log: on SQLite; on PostgreSQL every question is written at
// once.
func (app *App) flush() func(ctx context.Context) error {
	if app.journal == nil {
		return nil
	}
	return app.journal.Sync
}

// respectRetention makes an export of complaints show what the retention
// sweep will have left of each closed complaint past its periods, even when
// the sweep has not run since (the bot stopped, or the periods were
// shortened): no complainant identity or free text past the complaint
// period, no evidence names or links past the evidence period. Cases under
// legal hold are exported as they are.
func respectRetention(ctx context.Context, db Store, list []ipdesk.Complaint, r ipdesk.Retention, now time.Time) error {
	for i := range list {
		c := &list[i]
		evidence, identity := c.ClosedBefore(now.Add(-r.Evidence)), c.ClosedBefore(now.Add(-r.ClosedComplaints))
		if !evidence && !identity {
			continue
		}
		hold, err := db.LegalHold(ctx, c.Ref)
		if err != nil {
			return err
		}
		switch {
		case hold != nil:
		case identity && !ipdesk.IsAnonymous(c.UserID):
			c.Anonymise(db.AnonymousID(c.Platform, c.UserID), false)
		case identity:
			c.Anonymise(c.UserID, false)
		default:
			c.ExpireEvidence()
		}
	}
	return nil
}
