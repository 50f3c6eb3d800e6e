package bot

import (
	"fmt"
	"strings"
)

// The ids of the bundled adapters' platforms, as addresses and user keys
// carry them. Nothing in this package decides by them: a platform is
// whatever id its adapter gives (Adapter.Platform).
const (
	Console = "console"
	Slack   = "slack"
	Discord = "discord"
)

// Address is a place a message can be posted: a channel on a platform,
// optionally a thread in it. A Channel of "@USERID" means the direct-message
// channel with that user; the adapter opens it when needed.
type Address struct {
	Platform string
	Channel  string
	Thread   string
	DM       bool
}

// DirectTo returns the address of the direct-message channel with a user.
func DirectTo(platform, userID string) Address {
	return Address{Platform: platform, Channel: "@" + userID, DM: true}
}

// ParseAddress parses "platform:channel[:thread]". A channel starting with @
// is a direct message to that user.
func ParseAddress(s string) (Address, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return Address{}, fmt.Errorf("address %q: want platform:channel[:thread], e.g. slack:C0123ABC", s)
	}
	a := Address{Platform: strings.ToLower(parts[0]), Channel: parts[1]}
	if len(parts) == 3 {
		if parts[2] == "" {
			return Address{}, fmt.Errorf("address %q: empty thread", s)
		}
		a.Thread = parts[2]
	}
	if !ValidPlatformID(a.Platform) {
		return Address{}, fmt.Errorf("address %q: %q is not a platform id (lower-case letters and digits, e.g. slack)", s, parts[0])
	}
	a.DM = strings.HasPrefix(a.Channel, "@")
	return a, nil
}

// ValidPlatformID reports whether id can be a platform's id: one to 32
// lower-case letters, digits, "_" or "-", starting with a letter. Which
// platforms exist is for the Bot to say (Platform.Connected).
func ValidPlatformID(id string) bool {
	if id == "" || len(id) > 32 || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// String returns the address as "platform:channel[:thread]".
func (a Address) String() string {
	s := a.Platform + ":" + a.Channel
	if a.Thread != "" {
		s += ":" + a.Thread
	}
	return s
}

// Zero reports whether the address is unset.
func (a Address) Zero() bool { return a.Platform == "" && a.Channel == "" }

// MessageRef identifies a message the bot posted, so it can be edited later
// (a review card updated in place). ID is the platform's message id: a Slack
// ts, a Discord snowflake.
type MessageRef struct {
	Where Address
	ID    string
}

// String returns the reference as "platform:channel[:thread]#id", the form
// stored in the database.
func (r MessageRef) String() string {
	if r.ID == "" {
		return ""
	}
	return r.Where.String() + "#" + r.ID
}

// ParseMessageRef parses the form written by MessageRef.String.
func ParseMessageRef(s string) (MessageRef, error) {
	i := strings.LastIndex(s, "#")
	if i < 0 || i == len(s)-1 {
		return MessageRef{}, fmt.Errorf("message ref %q: want address#id", s)
	}
	a, err := ParseAddress(s[:i])
	if err != nil {
		return MessageRef{}, err
	}
	return MessageRef{Where: a, ID: s[i+1:]}, nil
}
