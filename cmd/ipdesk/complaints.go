package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/evidence"
)

func init() {
	register(&subcommand{name: "complaints", usage: "export --format csv|json [--since DATE] [--evidence DIR]",
		summary: "export complaints for staff and legal", run: complaintsCommand})
}

const complaintsUsage = "usage: ipdesk complaints export --format csv|json [--since YYYY-MM-DD] [--evidence DIR] [SETTINGS FLAGS]"

// complaintsCommand runs "complaints export": every complaint filed since a
// date, as CSV or JSON on standard output. Contact details appear only where
// the complainant consented, since only those are stored.
func complaintsCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		return fmt.Errorf("%s", complaintsUsage)
	}
	format, sinceText, evidenceDir, rest, err := exportFlags(args[1:])
	if err != nil {
		return err
	}
	cfg, extra, err := loadConfig(env, "complaints export", rest)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q; %s", extra[0], complaintsUsage)
	}
	var since time.Time
	if sinceText != "" {
		if since, err = parseSince(sinceText); err != nil {
			return err
		}
	}
	db, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ComplaintsSince(ctx, since)
	if err != nil {
		return err
	}
	if err := respectRetention(ctx, db, list, cfg.Privacy.Retention(), time.Now()); err != nil {
		return err
	}
	records := make([]exportRecord, len(list))
	for i := range list {
		records[i].Complaint = list[i]
		trail, err := db.AuditTrail(ctx, list[i].Ref)
		if err != nil {
			return err
		}
		for _, a := range trail {
			if a.Action == ipdesk.ActionNote {
				records[i].Notes = append(records[i].Notes, exportNote{At: a.At, By: a.Actor, Text: a.Note})
			}
		}
		if r, err := db.Rating(ctx, list[i].Ref); err == nil && r.Score > 0 {
			records[i].Rating = r
		} else if err != nil && ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
			return err
		}
	}
	if evidenceDir != "" {
		if err := exportEvidence(env, cfg.EvidenceFolder(), evidenceDir, list); err != nil {
			return err
		}
	}
	if format == "json" {
		return writeComplaintsJSON(env.Stdout, records)
	}
	return writeComplaintsCSV(env.Stdout, records)
}

// exportEvidence copies the kept files of the complaints into dir, each
// named by its SHA-256 and the extension of its type (the name the
// evidence_files column gives), after checking it against that hash. A
// file already there is not written again. Files that cannot be copied
// are named on stderr and fail the export at the end, after the others.
func exportEvidence(env *Env, from, dir string, list []ipdesk.Complaint) error {
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("--evidence: no evidence folder at %q (IPDESK_EVIDENCE_DIR)", from)
	}
	store, err := evidence.Open(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("--evidence: %w", err)
	}
	failed := 0
	for _, c := range list {
		for _, ev := range c.Evidence {
			if !ev.Stored {
				continue
			}
			dst := filepath.Join(dir, keptName(ev))
			if _, err := os.Stat(dst); err == nil {
				continue
			}
			data, err := store.ReadAll(ev.SHA256)
			if err == nil {
				err = os.WriteFile(dst, data, 0o600)
			}
			if err != nil {
				failed++
				fmt.Fprintf(env.Stderr, "ipdesk: %s: %s (%s): %v\n", c.Ref, ev.Name, ev.SHA256, err)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("--evidence: %d file(s) could not be copied; see above", failed)
	}
	return nil
}

// appealColumns are the appeal's columns: when and why, and the rejection
// it appealed (the decision columns then hold the appeal's decision).
func appealColumns(a *ipdesk.Appeal) []string {
	if a == nil {
		return []string{"", "", "", "", "", "", ""}
	}
	r := a.Rejection
	return []string{a.At.UTC().Format(time.RFC3339), a.Reason, string(r.Outcome), r.ReasonCode, r.Note, r.By, r.At.UTC().Format(time.RFC3339)}
}

// payoutColumns are where paying the approved amount stands: the state
// (due, failed, paid; empty when there is nothing to pay), the payment,
// and every failed attempt, one a line.
func payoutColumns(c *ipdesk.Complaint) []string {
	var ref, on, by, at string
	var failures []string
	for _, p := range c.Payouts {
		if p.Paid {
			ref, on, by, at = p.Reference, p.PaidOn, p.By, p.At.UTC().Format(time.RFC3339)
			continue
		}
		failures = append(failures, p.At.UTC().Format(time.RFC3339)+" "+p.By+": "+oneLine(p.Reason))
	}
	return []string{c.PayoutState(), ref, on, by, at, strings.Join(failures, "\n")}
}

// rfc3339 formats a time for the export, empty when unset.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// keptName is the name of a kept file in an export: its SHA-256 and the
// extension of its type.
func keptName(ev ipdesk.Evidence) string { return ev.SHA256 + evidence.Extension(ev.Type) }

// evidenceFiles says, for each piece of evidence in order, what an export
// with --evidence holds of it: the file's name, why it was not fetched, or
// that it is a link.
func evidenceFiles(c *ipdesk.Complaint) string {
	var out []string
	for _, ev := range c.Evidence {
		switch {
		case ev.Stored:
			out = append(out, keptName(ev))
		case ev.Unfetched != "":
			out = append(out, "not fetched: "+ev.Unfetched)
		case ev.Uploaded():
			out = append(out, "no copy kept")
		default:
			out = append(out, "link")
		}
	}
	return strings.Join(out, "; ")
}

// exportRecord is one complaint as exported: the complaint and what its
// audit trail adds, such as staff's internal notes.
type exportRecord struct {
	ipdesk.Complaint
	Notes []exportNote `json:"notes,omitempty"`
	// Rating is the complainant's rating of how it was handled, when
	// they gave one.
	Rating *ipdesk.Rating `json:"rating,omitempty"`
}

// exportNote is one internal note.
type exportNote struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// exportFlags takes --format and --since out of args (as "--x v" or
// "--x=v") and leaves the settings flags for loadConfig.
func exportFlags(args []string) (format, since, evidenceDir string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "format" && name != "since" && name != "evidence") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return "", "", "", nil, fmt.Errorf("--%s needs a value; %s", name, complaintsUsage)
			}
			i++
			val = args[i]
		}
		switch name {
		case "format":
			format = strings.ToLower(strings.TrimSpace(val))
		case "since":
			since = strings.TrimSpace(val)
		default:
			if evidenceDir = strings.TrimSpace(val); evidenceDir == "" {
				return "", "", "", nil, fmt.Errorf("--evidence needs a folder; %s", complaintsUsage)
			}
		}
	}
	if format != "csv" && format != "json" {
		return "", "", "", nil, fmt.Errorf("--format: want csv or json; %s", complaintsUsage)
	}
	return format, since, evidenceDir, rest, nil
}

func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("--since: want a date as YYYY-MM-DD (or RFC 3339), got %q", s)
}

func writeComplaintsJSON(w io.Writer, list []exportRecord) error {
	if list == nil {
		list = []exportRecord{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}

var csvHeader = []string{"ref", "status", "kind", "marketplace", "listing_urls", "seller", "seller_key", "order_number", "order_date",
	"problem", "right", "reg_number", "evidence", "evidence_sha256", "remedy", "amount_asked", "currency_asked", "consent", "contact",
	"platform", "user_id", "assignee", "decision", "decision_amount", "decision_currency", "reason_code", "decision_note",
	"decided_by", "confirmed_by", "decided_at", "repeat_count", "created_at", "updated_at",
	"jurisdiction", "filer_role", "rights_owner", "declarations", "signed_by", "signed_at", "withdrawn_at",
	"info_question", "info_answer", "info_rounds", "notes", "evidence_files",
	"appealed_at", "appeal_reason", "rejection_appealed", "rejection_reason_code", "rejection_note", "rejected_by", "rejected_at",
	"payout_status", "payout_reference", "paid_on", "payout_recorded_by", "payout_recorded_at", "payout_failures",
	"closed_no_response_at", "rating", "rating_comment", "rated_at", "rated_staff"}

func writeComplaintsCSV(w io.Writer, list []exportRecord) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, rec := range list {
		c := rec.Complaint
		var names, sums []string
		for _, e := range c.Evidence {
			n := e.Name
			if e.URL != "" {
				n += " <" + e.URL + ">"
			}
			names = append(names, n)
			sums = append(sums, e.SHA256)
		}
		var d ipdesk.Decision
		decidedAt := ""
		if c.Decision != nil {
			d = *c.Decision
			decidedAt = d.At.UTC().Format(time.RFC3339)
		}
		decl, signedBy, signedAt := "", "", ""
		if dc := c.Declaration; dc != nil {
			var made []string
			for _, m := range []struct {
				ok   bool
				name string
			}{{dc.GoodFaith, "good_faith"}, {dc.Accurate, "accurate"}, {dc.Perjury, "perjury"}} {
				if m.ok {
					made = append(made, m.name)
				}
			}
			decl, signedBy = strings.Join(made, " "), dc.Signature
			if !dc.SignedAt.IsZero() {
				signedAt = dc.SignedAt.UTC().Format(time.RFC3339)
			}
		}
		withdrawnAt := ""
		if !c.WithdrawnAt.IsZero() {
			withdrawnAt = c.WithdrawnAt.UTC().Format(time.RFC3339)
		}
		row := []string{c.Ref, string(c.Status), string(c.Kind), c.Marketplace, strings.Join(c.ListingURLs, " "), c.Seller, c.SellerKey,
			c.OrderNumber, c.OrderDate, c.Problem, string(c.Right), c.RegNumber, strings.Join(names, "; "), strings.Join(sums, " "),
			string(c.Remedy), major(c.Amount, c.Currency), c.Currency, strconv.FormatBool(c.Consent), c.Contact,
			c.Platform, c.UserID, c.Assignee, string(d.Outcome), major(d.Amount, d.Currency), d.Currency, d.ReasonCode, d.Note,
			d.By, d.ConfirmedBy, decidedAt, strconv.Itoa(c.RepeatCount), c.CreatedAt.UTC().Format(time.RFC3339), c.UpdatedAt.UTC().Format(time.RFC3339),
			c.Jurisdiction, string(c.FilerRole), c.RightsOwner, decl, signedBy, signedAt, withdrawnAt,
			c.InfoQuestion, c.InfoAnswer, infoRounds(&c), notesColumn(rec.Notes), evidenceFiles(&c)}
		row = append(row, appealColumns(c.Appeal)...)
		row = append(row, payoutColumns(&c)...)
		row = append(row, rfc3339(c.ClosedNoResponseAt))
		if r := rec.Rating; r != nil {
			row = append(row, strconv.Itoa(r.Score), r.Comment, rfc3339(r.RatedAt), r.Staff)
		} else {
			row = append(row, "", "", "", "")
		}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// infoRounds writes every question staff asked and its answer, oldest
// first, one line each, for the export's info_rounds column (the
// info_question and info_answer columns hold only the latest).
func infoRounds(c *ipdesk.Complaint) string {
	var lines []string
	for i, r := range c.InfoRounds() {
		q := fmt.Sprintf("Q%d", i+1)
		if !r.AskedAt.IsZero() {
			q += " " + r.AskedAt.UTC().Format(time.RFC3339)
		}
		if r.AskedBy != "" {
			q += " " + r.AskedBy
		}
		line := q + ": " + oneLine(r.Question)
		if r.Answered() {
			a := fmt.Sprintf("A%d", i+1)
			if !r.AnsweredAt.IsZero() {
				a += " " + r.AnsweredAt.UTC().Format(time.RFC3339)
			}
			line += " | " + a + ": " + oneLine(r.Answer)
			for _, ev := range r.Evidence {
				line += " [file " + ev.Name
				if ev.SHA256 != "" {
					line += " sha256 " + ev.SHA256
				}
				line += "]"
			}
		} else {
			line += " | no answer"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// notesColumn writes internal notes one a line, oldest first.
func notesColumn(notes []exportNote) string {
	var lines []string
	for _, n := range notes {
		lines = append(lines, n.At.UTC().Format(time.RFC3339)+" "+n.By+": "+oneLine(n.Text))
	}
	return strings.Join(lines, "\n")
}

// oneLine joins the lines of user text with " / ", so that one round stays
// on one line of its cell.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " / ")), " ")
}

// major formats minor units as a plain decimal ("1234.50"), empty for none.
func major(minor int64, currency string) string {
	if minor == 0 || currency == "" {
		return ""
	}
	return strings.ReplaceAll(strings.TrimSuffix(ipdesk.FormatAmount(minor, currency), " "+currency), ",", "")
}

// csvSafe stops a spreadsheet from running user text as a formula when
// staff open the export.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
