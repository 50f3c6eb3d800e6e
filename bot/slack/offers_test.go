package slack

import (
	"strconv"
	"testing"

	"github.com/slack-go/slack"
)

func TestOffersForgetTheOldestPastTheLimit(t *testing.T) {
	t.Parallel()
	s := newOffers(3)
	var keys []string
	for i := range 5 {
		keys = append(keys, s.put(offer{view: slack.ModalViewRequest{CallbackID: strconv.Itoa(i)}}))
	}
	for i, k := range keys {
		o, ok := s.get(k)
		if want := i >= 2; ok != want || (ok && o.view.CallbackID != strconv.Itoa(i)) {
			t.Errorf("offer %d: found %v (%q), want found %v", i, ok, o.view.CallbackID, want)
		}
	}
	if n := s.byKey.Len(); n != 3 {
		t.Errorf("remembers %d offers, want 3", n)
	}
	if keys[0] == keys[1] || len(keys[0]) != 12 {
		t.Errorf("keys %q", keys[:2])
	}
}
