package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

func init() {
	register(&subcommand{name: "complaints", usage: "export --format csv|json [--since DATE]",
		summary: "export complaints for staff and legal", run: complaintsCommand})
}

const complaintsUsage = "usage: ipdesk complaints export --format csv|json [--since YYYY-MM-DD] [SETTINGS FLAGS]"

// complaintsCommand runs "complaints export": every complaint filed since a
// date, as CSV or JSON on standard output. Contact details appear only where
// the complainant consented, since only those are stored.
func complaintsCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		return fmt.Errorf("%s", complaintsUsage)
	}
	format, sinceText, rest, err := exportFlags(args[1:])
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
	if format == "json" {
		return writeComplaintsJSON(env.Stdout, list)
	}
	return writeComplaintsCSV(env.Stdout, list)
}

// exportFlags takes --format and --since out of args (as "--x v" or
// "--x=v") and leaves the settings flags for loadConfig.
func exportFlags(args []string) (format, since string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "format" && name != "since") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return "", "", nil, fmt.Errorf("--%s needs a value; %s", name, complaintsUsage)
			}
			i++
			val = args[i]
		}
		if name == "format" {
			format = strings.ToLower(strings.TrimSpace(val))
		} else {
			since = strings.TrimSpace(val)
		}
	}
	if format != "csv" && format != "json" {
		return "", "", nil, fmt.Errorf("--format: want csv or json; %s", complaintsUsage)
	}
	return format, since, rest, nil
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

func writeComplaintsJSON(w io.Writer, list []ipdesk.Complaint) error {
	if list == nil {
		list = []ipdesk.Complaint{}
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
	"info_question", "info_answer"}

func writeComplaintsCSV(w io.Writer, list []ipdesk.Complaint) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range list {
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
			c.InfoQuestion, c.InfoAnswer}
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
