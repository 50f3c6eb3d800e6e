package main

import (
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
