package discord

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestCommandArgsOrder joins option values in registration order whatever
// order Discord sends them in, puts a subcommand's name first, and keeps
// values of options this build did not register (a newer registration
// still live in Discord) after the known ones.
func TestCommandArgsOrder(t *testing.T) {
	t.Parallel()
	registered := []*discordgo.ApplicationCommandOption{{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "lang"},
		},
	}}
	// The options as Discord sends them in INTERACTION_CREATE.
	const wire = `[{"name":"gaps","type":1,"options":[
		{"name":"since","type":3,"value":"2024"},
		{"name":"lang","type":3,"value":" zh "},
		{"name":"limit","type":4,"value":7}]}]`
	var given []*discordgo.ApplicationCommandInteractionDataOption
	if err := json.Unmarshal([]byte(wire), &given); err != nil {
		t.Fatal(err)
	}
	if got := commandArgs(given, registered); got != "gaps 7 zh 2024" {
		t.Errorf("args %q, want %q", got, "gaps 7 zh 2024")
	}
	// Not registered by this process at all: the order given.
	if got := commandArgs(given, nil); got != "gaps 2024 zh 7" {
		t.Errorf("args without a registration %q", got)
	}
}
