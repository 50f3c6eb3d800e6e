package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleNumbersEditAndWithdraw is a filing at the console driven by
// numbers: after a wrong word at the summary its buttons are shown again,
// so "2" edits and the edit list's numbers pick an answer; then the
// consumer withdraws the complaint from the status list, with a
// confirmation, and the review card changes in place.
func TestConsoleNumbersEditAndWithdraw(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := fileAtConsole(t, env, "consumer1", []string{"/as consumer1", "/complain"}, map[string][]string{"remedy": {"3"}},
		"foo", "2", "4", "ACME Store Two", "1",
		"/status", "1", "1",
		"/as staff", "/queue",
	)
	ref := filedRef(t, out)
	checkTranscript(t, out,
		"Press Submit (or type submit or 1)", "[1] Submit  [2] Edit an answer  [3] Cancel",
		"Which answer do you want to change?", "Seller: ACME Store Two",
		"[1] Withdraw "+ref, "[1] Yes, withdraw "+ref+"  [2] Keep it",
		ref+" is withdrawn", "[#review] (updated) Complaint "+ref, "Status: withdrawn", "Withdrawn: by the complainant",
		"The queue is empty",
	)
	if strings.Contains(out, "Cancelled. Nothing was filed") {
		t.Errorf("a number meant for the edit list cancelled the draft:\n%s", out)
	}
	_, rec := exportCSV(t, env)
	if rec["status"] != "withdrawn" || rec["withdrawn_at"] == "" || rec["seller"] != "ACME Store Two" || rec["declarations"] != "" {
		t.Errorf("csv record = %v", rec)
	}
}

// TestConsoleRightsHolderFiling files as a rights owner at the console and
// exports the registration, declarations and signature.
func TestConsoleRightsHolderFiling(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := fileAtConsole(t, env, "owner1", []string{"/as owner1", "/complain"}, map[string][]string{
		"kind": {"2"}, "filer": {"1"}, "seller": {"Copy Shop"}, "problem": {"The listing uses our registered word mark in its title."},
		"right": {"1"}, "jurisdiction": {"1"}, "regno": {"97123456"}, "evidence": {"https://example.com/certificate.pdf", "done"},
		"declare": {"1"}, "sign": {"A Brand Owner"},
	}, "1")
	checkTranscript(t, out, "Filing as: the rights owner", "Right: trademark in United States (USPTO), registration 97123456",
		"Signed “A Brand Owner”", "filed as IPD-")
	_, rec := exportCSV(t, env)
	if rec["jurisdiction"] != "US" || rec["filer_role"] != "owner" || rec["reg_number"] != "97123456" ||
		rec["declarations"] != "good_faith accurate perjury" || rec["signed_by"] != "A Brand Owner" || rec["signed_at"] == "" {
		t.Errorf("csv record = %v", rec)
	}
}

// TestConsoleReportedSellerGetsGuidance picks "my listing was reported" by
// number and follows a topic button to the knowledge base.
func TestConsoleReportedSellerGetsGuidance(t *testing.T) {
	t.Parallel()
	out := runConsole(t, nil, "/as seller1", "/complain", "3", "1")
	checkTranscript(t, out,
		"Your listing was reported", "An IP complaint against your listing is serious but usually fixable",
		"[1] Responding to an IP complaint on Amazon", "DMCA counter-notices", "eBay VeRO programme", "Nothing was filed",
	)
	if strings.Count(out, "Responding to an IP complaint on Amazon") < 2 {
		t.Errorf("pressing the topic did not show the article:\n%s", out)
	}
}
