package main

import (
	"encoding/csv"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestConsoleNumbersEditAndWithdraw is a filing at the console driven by
// numbers: after a wrong word at the summary its buttons are shown again,
// so "2" edits and the edit list's numbers pick an answer; then the
// consumer withdraws the complaint from the status list, with a
// confirmation, and the review card changes in place.
func TestConsoleNumbersEditAndWithdraw(t *testing.T) {
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	code, out, errOut := runMain(t, strings.Join([]string{
		"/as consumer1", "/complain", "1", "1", "https://www.amazon.com/dp/B0EXAMPLE1", "ACME Store", "skip",
		"The logo is misprinted and the stitching is loose.", "https://example.com/label.jpg", "done", "3", "2",
		"foo", "2", "4", "ACME Store Two", "1",
		"/status", "1", "1",
		"/as staff", "/queue",
	}, "\n")+"\n", env)
	if code != 0 {
		t.Fatalf("exit %d; %s", code, errOut)
	}
	ref := regexp.MustCompile(`filed as (IPD-[0-9A-Z]{5})`).FindStringSubmatch(out)
	if ref == nil {
		t.Fatalf("no receipt:\n%s", out)
	}
	for _, want := range []string{
		"Press Submit (or type submit or 1)", "[1] Submit  [2] Edit an answer  [3] Cancel",
		"Which answer do you want to change?", "Seller: ACME Store Two",
		"[1] Withdraw " + ref[1], "[1] Yes, withdraw " + ref[1] + "  [2] Keep it",
		ref[1] + " is withdrawn", "[#review] (updated) Complaint " + ref[1], "Status: withdrawn", "Withdrawn: by the complainant",
		"The queue is empty",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Cancelled. Nothing was filed") {
		t.Errorf("a number meant for the edit list cancelled the draft:\n%s", out)
	}
	code, out, errOut = runMain(t, "", env, "complaints", "export", "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d; %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv rows = %d, %v:\n%s", len(rows), err, out)
	}
	rec := map[string]string{}
	for i, h := range rows[0] {
		rec[h] = rows[1][i]
	}
	if rec["status"] != "withdrawn" || rec["withdrawn_at"] == "" || rec["seller"] != "ACME Store Two" || rec["declarations"] != "" {
		t.Errorf("csv record = %v", rec)
	}
}

// TestConsoleRightsHolderFiling files as a rights owner at the console and
// exports the registration, declarations and signature.
func TestConsoleRightsHolderFiling(t *testing.T) {
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	code, out, errOut := runMain(t, strings.Join([]string{
		"/as owner1", "/complain", "2", "1", "1", "https://www.amazon.com/dp/B0EXAMPLE1", "Copy Shop",
		"The listing uses our registered word mark in its title.", "1", "1", "97123456",
		"https://example.com/certificate.pdf", "done", "2", "2", "1", "A Brand Owner", "1",
	}, "\n")+"\n", env)
	if code != 0 {
		t.Fatalf("exit %d; %s", code, errOut)
	}
	for _, want := range []string{"Filing as: the rights owner", "Right: trademark in United States (USPTO), registration 97123456",
		"Signed “A Brand Owner”", "filed as IPD-"} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runMain(t, "", env, "complaints", "export", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 2 {
		t.Fatalf("export: %d %v\n%s", code, err, out)
	}
	rec := map[string]string{}
	for i, h := range rows[0] {
		rec[h] = rows[1][i]
	}
	if rec["jurisdiction"] != "US" || rec["filer_role"] != "owner" || rec["reg_number"] != "97123456" ||
		rec["declarations"] != "good_faith accurate perjury" || rec["signed_by"] != "A Brand Owner" || rec["signed_at"] == "" {
		t.Errorf("csv record = %v", rec)
	}
}

// TestConsoleReportedSellerGetsGuidance picks "my listing was reported" by
// number and follows a topic button to the knowledge base.
func TestConsoleReportedSellerGetsGuidance(t *testing.T) {
	code, out, errOut := runMain(t, strings.Join([]string{"/as seller1", "/complain", "3", "1"}, "\n")+"\n", nil)
	if code != 0 {
		t.Fatalf("exit %d; %s", code, errOut)
	}
	for _, want := range []string{
		"Your listing was reported", "An IP complaint against your listing is serious but usually fixable",
		"[1] Responding to an IP complaint on Amazon", "DMCA counter-notices", "eBay VeRO programme", "Nothing was filed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Responding to an IP complaint on Amazon") < 2 {
		t.Errorf("pressing the topic did not show the article:\n%s", out)
	}
}
