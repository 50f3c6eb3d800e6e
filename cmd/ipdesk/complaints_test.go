package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
)

// TestConsoleComplaintToApproval is the whole story at the console: a
// consumer files a complaint across a restart, staff approve it with an
// amount, and the consumer sees the notification and the status; then the
// export shows it.
func TestConsoleComplaintToApproval(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := runConsole(t, env, "/as consumer1", "/complain", "1", "1", "https://www.amazon.com/dp/B0EXAMPLE1", "ACME Store")
	if !strings.Contains(out, "What is the order number?") {
		t.Fatalf("first run did not reach the order number:\n%s", out)
	}
	// The process ended mid-wizard; the next one says where the consumer
	// was before taking their first message as the answer, and takes it
	// when they say so.
	out = runConsole(t, env,
		"/as consumer1", "12345678", "1", "skip", "The logo is misprinted and the stitching is loose.",
		"https://example.com/label.jpg", "done", "2", "49.99", "2", "1",
		"/as staff", "1", "45", "", "Refund of the price.",
		"/as consumer1", "/status",
	)
	if !strings.Contains(out, "You were filing a complaint: step 5 of 9, the order number. Reply with it, or cancel.") || !strings.Contains(out, "Use “12345678” as my answer") {
		t.Errorf("the consumer was not told where they were:\n%s", out)
	}
	// A bare number at the order step is an answer, not a button press.
	if !strings.Contains(out, `"12345678" is not an order number`) {
		t.Errorf("order number not validated:\n%s", out)
	}
	ref := filedRef(t, out)
	checkTranscript(t, out,
		"[#review] Complaint "+ref, "[1] Approve compensation",
		"[#review] (updated) Complaint "+ref, "Decision: approved 45.00 USD by console:staff",
		"[DM to consumer1] Update on your complaint "+ref+": it was approved. Compensation: 45.00 USD.",
		"- "+ref+", filed", "approved, 45.00 USD",
	)

	_, rec := exportCSV(t, env, "--since", "2000-01-01")
	if rec["ref"] != ref || rec["status"] != "approved" || rec["decision_amount"] != "45.00" || rec["amount_asked"] != "49.99" || rec["contact"] != "" || rec["decided_by"] != "console:staff" {
		t.Errorf("csv record = %v", rec)
	}
	code, out, _ := runMain(t, "", env, "complaints", "export", "--format=json", "--since=2999-01-01")
	var none []any
	if code != 0 || json.Unmarshal([]byte(out), &none) != nil || len(none) != 0 {
		t.Errorf("json export since the future = %d %q", code, out)
	}
	code, out, _ = runMain(t, "", env, "complaints", "export", "--format", "json")
	var all []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &all) != nil || len(all) != 1 || all[0]["ref"] != ref {
		t.Errorf("json export = %d %s", code, out)
	}
}

func TestComplaintsExportBadArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"complaints"}, {"complaints", "list"}, {"complaints", "export"}, {"complaints", "export", "--format", "xml"},
		{"complaints", "export", "--format", "csv", "--since", "last week"}, {"complaints", "export", "--format"},
	} {
		code, _, errOut := runMain(t, "", nil, args...)
		if code == 0 || !strings.Contains(errOut, "ipdesk: ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "@x": "'@x", "ok": "ok", "": ""} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestComplaintsExportCSVHasInfoExchange asks the complainant a question at
// the console, answers it, and finds both at the end of the CSV export, as
// in the JSON export.
func TestComplaintsExportCSVHasInfoExchange(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := fileAtConsole(t, env, "consumer1", []string{"/as consumer1", "/complain"}, nil, "1",
		"/as staff", "3", "What price did you pay?",
		"/as consumer1", "answer", "Check the receipt: 45 USD, paid by card.",
		"/as staff", "3", "Which card network was it?",
		"/as consumer1", "answer", "Visa.",
	)
	if strings.Count(out, "Your answer was added to") != 2 {
		t.Fatalf("the answers did not reach the complaint:\n%s", out)
	}
	head, rec := exportCSV(t, env)
	// New columns go at the end, so spreadsheets built on the old ones
	// keep working.
	if n := len(head); n < 42 || head[40] != "info_question" || head[41] != "info_answer" || !slices.Contains(head, "info_rounds") {
		t.Fatalf("csv header = %v", head)
	}
	if q, a := rec["info_question"], rec["info_answer"]; q != "Which card network was it?" || a != "Visa." {
		t.Errorf("csv latest info exchange = %q, %q", q, a)
	}
	rounds := strings.Split(rec["info_rounds"], "\n")
	if len(rounds) != 2 || !strings.Contains(rounds[0], "What price did you pay?") || !strings.Contains(rounds[0], "Check the receipt: 45 USD, paid by card.") ||
		!strings.Contains(rounds[1], "Which card network was it?") || !strings.Contains(rounds[1], "Visa.") || !strings.Contains(rounds[0], "console:staff") {
		t.Errorf("csv info_rounds = %q", rec["info_rounds"])
	}
	code, js, _ := runMain(t, "", env, "complaints", "export", "--format", "json")
	var all []ipdesk.Complaint
	if code != 0 || json.Unmarshal([]byte(js), &all) != nil || len(all) != 1 || len(all[0].Info) != 2 || all[0].Info[0].Answer != "Check the receipt: 45 USD, paid by card." {
		t.Errorf("json export = %d %s", code, js)
	}
}

// TestComplaintsExportHasNotes: staff's internal notes, added at the
// console, are in both exports, in order, and never reach the consumer.
func TestComplaintsExportHasNotes(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := fileAtConsole(t, env, "consumer1", []string{"/as consumer1", "/complain"}, nil, "1")
	ref := filedRef(t, out)
	out = runConsole(t, env, "/as staff", "note "+ref+" Seller called back; says it is a return.", "note "+ref+" Second note, =SUM(1).")
	if strings.Count(out, "Note added to "+ref) != 2 {
		t.Fatalf("notes not added:\n%s", out)
	}
	_, rec := exportCSV(t, env)
	lines := strings.Split(rec["notes"], "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "console:staff: Seller called back; says it is a return.") || !strings.Contains(lines[1], "Second note, =SUM(1).") {
		t.Errorf("csv notes = %q", rec["notes"])
	}
	code, js, _ := runMain(t, "", env, "complaints", "export", "--format", "json")
	var all []struct {
		Ref   string `json:"ref"`
		Notes []struct {
			By, Text string
		} `json:"notes"`
	}
	if code != 0 || json.Unmarshal([]byte(js), &all) != nil || len(all) != 1 || len(all[0].Notes) != 2 || all[0].Notes[0].By != "console:staff" {
		t.Errorf("json export = %d %s", code, js)
	}
	out = runConsole(t, env, "/as consumer1", "/status")
	if strings.Contains(out, "Seller called back") {
		t.Errorf("the consumer saw a note:\n%s", out)
	}
}
