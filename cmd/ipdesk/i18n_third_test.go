package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleThirdLanguage adds a language the way an operator does, with
// one file in IPDESK_MESSAGES (testdata/messages/fr.json, a few texts
// only), and checks that a person who chooses it is answered in it: the
// command's own name in that language starts the wizard, whose questions,
// buttons and words are the file's, and whatever the file lacks is
// English.
func TestConsoleThirdLanguage(t *testing.T) {
	t.Parallel()
	msgs, err := filepath.Abs(filepath.Join("testdata", "messages"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db"), "IPDESK_MESSAGES": msgs}
	out := runConsole(t, env, "/as consumer1", "lang français", "plainte", "1", "annuler", "help")
	checkTranscript(t, out,
		"Je vous répondrai désormais en français.",
		"Que s'est-il passé ?", "[1] J'ai acheté une contrefaçon  [2] Je détiens les droits",
		"Sur quelle place de marché se trouve l'annonce ?", "[1] Amazon", "Retour", "Annuler",
		"Annulé. Rien n'a été déposé", "/plainte",
		// Help lists the command by its French name, as the console takes
		// it, and summary; what the file lacks (help's own lines) is
		// English.
		"- /plainte — signaler une annonce contrefaite", "I help with",
	)
	if strings.Contains(out, "What happened?") {
		t.Errorf("the wizard asked in English:\n%s", out)
	}
}

// TestBadMessagesFolder: the catalog is loaded while the database opens,
// and a broken messages file is still the one error an operator reads,
// also when the database cannot be opened either; the bot does not start.
func TestBadMessagesFolder(t *testing.T) {
	msgs := t.TempDir()
	if err := os.WriteFile(filepath.Join(msgs, "fr.json"), []byte(`{"help.intro": `), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{filepath.Join(t.TempDir(), "ipdesk.db"), filepath.Join(t.TempDir(), "missing", "folder", "ipdesk.db")} {
		code, out, errOut := runMain(t, "help\n", map[string]string{"IPDESK_DB": db, "IPDESK_MESSAGES": msgs})
		if code != 1 || !strings.Contains(errOut, "IPDESK_MESSAGES") || !strings.Contains(errOut, "fr.json") || strings.Contains(out, "I help with") {
			t.Errorf("database %s: exit %d, stderr %q, stdout %q", db, code, errOut, out)
		}
	}
}
