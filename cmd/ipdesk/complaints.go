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

// exportEvidence copies the kept files of the complaints (evidence and
// letters of authorisation) into dir, each named by its SHA-256 and the
// extension of its type (the name the evidence_files and
// authorisation_files columns give), after checking it against that hash. A
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
		for _, ev := range c.AllEvidence() {
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
func evidenceFiles(list []ipdesk.Evidence) string {
	var out []string
	for _, ev := range list {
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

// exportColumn is one column of the CSV export: its name in the header,
// and its value for one record. A column is added, or moved, by adding or
// moving its entry: name and value stay together.
type exportColumn struct {
	name  string
	value func(r *exportRecord) string
}

// exportColumns are the CSV export's columns, in order.
var exportColumns = []exportColumn{
	{"ref", func(r *exportRecord) string { return r.Ref }},
	{"status", func(r *exportRecord) string { return string(r.Status) }},
	{"kind", func(r *exportRecord) string { return string(r.Kind) }},
	{"marketplace", func(r *exportRecord) string { return r.Marketplace }},
	{"listing_urls", func(r *exportRecord) string { return strings.Join(r.ListingURLs, " ") }},
	{"seller", func(r *exportRecord) string { return r.Seller }},
	{"seller_key", func(r *exportRecord) string { return r.SellerKey }},
	{"order_number", func(r *exportRecord) string { return r.OrderNumber }},
	{"order_date", func(r *exportRecord) string { return r.OrderDate }},
	{"problem", func(r *exportRecord) string { return r.Problem }},
	{"right", func(r *exportRecord) string { return string(r.Right) }},
	{"reg_number", func(r *exportRecord) string { return r.RegNumber }},
	{"evidence", func(r *exportRecord) string { return evidenceNames(r.Evidence) }},
	{"evidence_sha256", func(r *exportRecord) string { return evidenceSums(r.Evidence) }},
	{"remedy", func(r *exportRecord) string { return string(r.Remedy) }},
	{"amount_asked", func(r *exportRecord) string { return major(r.Amount, r.Currency) }},
	{"currency_asked", func(r *exportRecord) string { return r.Currency }},
	{"consent", func(r *exportRecord) string { return strconv.FormatBool(r.Consent) }},
	{"contact", func(r *exportRecord) string { return r.Contact }},
	{"platform", func(r *exportRecord) string { return r.Platform }},
	{"user_id", func(r *exportRecord) string { return r.UserID }},
	{"assignee", func(r *exportRecord) string { return r.Assignee }},
	{"decision", func(r *exportRecord) string { return string(r.decision().Outcome) }},
	{"decision_amount", func(r *exportRecord) string { return major(r.decision().Amount, r.decision().Currency) }},
	{"decision_currency", func(r *exportRecord) string { return r.decision().Currency }},
	{"reason_code", func(r *exportRecord) string { return r.decision().ReasonCode }},
	{"decision_note", func(r *exportRecord) string { return r.decision().Note }},
	{"decided_by", func(r *exportRecord) string { return r.decision().By }},
	{"confirmed_by", func(r *exportRecord) string { return r.decision().ConfirmedBy }},
	{"decided_at", func(r *exportRecord) string { return rfc3339(r.decision().At) }},
	{"repeat_count", func(r *exportRecord) string { return strconv.Itoa(r.RepeatCount) }},
	{"created_at", func(r *exportRecord) string { return r.CreatedAt.UTC().Format(time.RFC3339) }},
	{"updated_at", func(r *exportRecord) string { return r.UpdatedAt.UTC().Format(time.RFC3339) }},
	{"jurisdiction", func(r *exportRecord) string { return r.Jurisdiction }},
	{"filer_role", func(r *exportRecord) string { return string(r.FilerRole) }},
	{"rights_owner", func(r *exportRecord) string { return r.RightsOwner }},
	{"declarations", func(r *exportRecord) string { return declarations(r.Declaration) }},
	{"signed_by", func(r *exportRecord) string { return r.declaration().Signature }},
	{"signed_at", func(r *exportRecord) string { return rfc3339(r.declaration().SignedAt) }},
	{"withdrawn_at", func(r *exportRecord) string { return rfc3339(r.WithdrawnAt) }},
	{"info_question", func(r *exportRecord) string { return r.InfoQuestion }},
	{"info_answer", func(r *exportRecord) string { return r.InfoAnswer }},
	{"info_rounds", func(r *exportRecord) string { return infoRounds(&r.Complaint) }},
	{"notes", func(r *exportRecord) string { return notesColumn(r.Notes) }},
	{"evidence_files", func(r *exportRecord) string { return evidenceFiles(r.Evidence) }},
	{"appealed_at", func(r *exportRecord) string { return rfc3339(r.appeal().At) }},
	{"appeal_reason", func(r *exportRecord) string { return r.appeal().Reason }},
	{"rejection_appealed", func(r *exportRecord) string { return string(r.appeal().Rejection.Outcome) }},
	{"rejection_reason_code", func(r *exportRecord) string { return r.appeal().Rejection.ReasonCode }},
	{"rejection_note", func(r *exportRecord) string { return r.appeal().Rejection.Note }},
	{"rejected_by", func(r *exportRecord) string { return r.appeal().Rejection.By }},
	{"rejected_at", func(r *exportRecord) string { return rfc3339(r.appeal().Rejection.At) }},
	{"payout_status", func(r *exportRecord) string { return r.PayoutState() }},
	{"payout_reference", func(r *exportRecord) string { return r.payment().Reference }},
	{"paid_on", func(r *exportRecord) string { return r.payment().PaidOn }},
	{"payout_recorded_by", func(r *exportRecord) string { return r.payment().By }},
	{"payout_recorded_at", func(r *exportRecord) string { return rfc3339(r.payment().At) }},
	{"payout_failures", func(r *exportRecord) string { return payoutFailures(r.Payouts) }},
	{"closed_no_response_at", func(r *exportRecord) string { return rfc3339(r.ClosedNoResponseAt) }},
	{"rating", func(r *exportRecord) string { return ratingScore(r.Rating) }},
	{"rating_comment", func(r *exportRecord) string { return r.rating().Comment }},
	{"rated_at", func(r *exportRecord) string { return rfc3339(r.rating().RatedAt) }},
	{"rated_staff", func(r *exportRecord) string { return r.rating().Staff }},
	{"authorisation", func(r *exportRecord) string { return evidenceNames(r.Authorisation) }},
	{"authorisation_sha256", func(r *exportRecord) string { return evidenceSums(r.Authorisation) }},
	{"authorisation_files", func(r *exportRecord) string { return evidenceFiles(r.Authorisation) }},
}

func writeComplaintsCSV(w io.Writer, list []exportRecord) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(exportColumns))
	for i, col := range exportColumns {
		header[i] = col.name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(exportColumns))
	for i := range list {
		for j, col := range exportColumns {
			row[j] = csvSafe(col.value(&list[i]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// The parts of a record that may be missing, as zero values: their
// columns are then empty.

func (r *exportRecord) decision() ipdesk.Decision {
	if r.Decision == nil {
		return ipdesk.Decision{}
	}
	return *r.Decision
}

func (r *exportRecord) declaration() ipdesk.Declaration {
	if r.Declaration == nil {
		return ipdesk.Declaration{}
	}
	return *r.Declaration
}

func (r *exportRecord) appeal() ipdesk.Appeal {
	if r.Appeal == nil {
		return ipdesk.Appeal{}
	}
	return *r.Appeal
}

// payment is the payout recorded as paid; failed attempts are in
// payoutFailures.
func (r *exportRecord) payment() ipdesk.Payout {
	var paid ipdesk.Payout
	for _, p := range r.Payouts {
		if p.Paid {
			paid = p
		}
	}
	return paid
}

func (r *exportRecord) rating() ipdesk.Rating {
	if r.Rating == nil {
		return ipdesk.Rating{}
	}
	return *r.Rating
}

// evidenceNames lists evidence by name, with its link, "; " between.
func evidenceNames(list []ipdesk.Evidence) string {
	var names []string
	for _, e := range list {
		n := e.Name
		if e.URL != "" {
			n += " <" + e.URL + ">"
		}
		names = append(names, n)
	}
	return strings.Join(names, "; ")
}

// evidenceSums lists the SHA-256 of each piece of evidence in order, empty
// for those without one.
func evidenceSums(list []ipdesk.Evidence) string {
	var sums []string
	for _, e := range list {
		sums = append(sums, e.SHA256)
	}
	return strings.Join(sums, " ")
}

// declarations names the statements made, space-separated.
func declarations(dc *ipdesk.Declaration) string {
	if dc == nil {
		return ""
	}
	var made []string
	for _, m := range []struct {
		ok   bool
		name string
	}{{dc.GoodFaith, "good_faith"}, {dc.Accurate, "accurate"}, {dc.Perjury, "perjury"}} {
		if m.ok {
			made = append(made, m.name)
		}
	}
	return strings.Join(made, " ")
}

// payoutFailures lists every failed attempt to pay, one a line.
func payoutFailures(list []ipdesk.Payout) string {
	var failures []string
	for _, p := range list {
		if !p.Paid {
			failures = append(failures, p.At.UTC().Format(time.RFC3339)+" "+p.By+": "+oneLine(p.Reason))
		}
	}
	return strings.Join(failures, "\n")
}

func ratingScore(r *ipdesk.Rating) string {
	if r == nil {
		return ""
	}
	return strconv.Itoa(r.Score)
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
