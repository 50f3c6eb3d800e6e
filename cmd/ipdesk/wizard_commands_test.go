package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleWizardRunsCommands types commands and a question in the
// middle of a complaint at the console: none becomes an answer; each runs
// when the consumer says so, and the wizard says where it stands.
func TestConsoleWizardRunsCommands(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := runConsole(t, env, "/as consumer1", "/complain", "1", "1", "https://www.amazon.com/dp/B0EXAMPLE1",
		"ask how long does a US trademark last", "1",
		"status", "2",
	)
	checkTranscript(t, out,
		"Did you mean the command ask? You are filing a complaint, and this would otherwise be your answer to step 4 of 9, the seller's name.",
		"[1] Yes  [2] No, use it as my answer",
		"Trademarks in the US",
		"Your complaint is still in progress: step 4 of 9, the seller's name. Reply with it, or cancel.",
		"Did you mean the command status?",
		"What is the order number?",
	)
	if strings.Contains(out, "Seller: how long") {
		t.Errorf("the question became the seller's name:\n%s", out)
	}
}

// TestConsoleCaseFromNonStaff: `case IPD-…` typed by a consumer is refused
// as a staff command and never logged as an unanswered question.
func TestConsoleCaseFromNonStaff(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := runConsole(t, env, "/as consumer1", "case IPD-7K3Q9", "flarp zzqx wibble")
	checkTranscript(t, out, "Only staff can use case.")
	code, gaps, errOut := runMain(t, "", env, "kb", "gaps")
	if code != 0 {
		t.Fatalf("kb gaps: exit %d; %s", code, errOut)
	}
	if !strings.Contains(gaps, "flarp zzqx wibble") || strings.Contains(strings.ToLower(gaps), "ipd-7k3q9") {
		t.Errorf("the gaps report should list the unanswered question and not the refused command:\n%s", gaps)
	}
}

// TestConsoleStats: staff ask for the stats at the console.
func TestConsoleStats(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := fileAtConsole(t, env, "consumer1", []string{"/as consumer1", "/complain"}, nil, "1",
		"/as staff", "stats 7d", "stats all")
	checkTranscript(t, out, "Complaints filed in the last 7 days: 1", "Open: 1 (waiting for staff 1, waiting for the complainant 0)", "Complaints filed in all time: 1")
}
