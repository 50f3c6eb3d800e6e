package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/internal/eventually"
)

func TestHealthEndpoint(t *testing.T) {
	pr, pw := io.Pipe()
	var a *testApp
	a = newTestApp(t, testBudget, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0"}, func() func() {
		return func() {
			eventually.Check(t, a.ctx, "the health endpoint to listen", func() error {
				if a.app.HealthAddr() == "" {
					return errors.New("no address")
				}
				return nil
			})
		}
	})
	a.stdin = pr
	a.start()
	addr := a.app.HealthAddr()
	// The endpoint listens before the platforms start, and says 503 until
	// they are up: poll until the console is.
	get := func() (int, []bot.Health) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var health []bot.Health
		json.NewDecoder(resp.Body).Decode(&health)
		return resp.StatusCode, health
	}
	var code int
	var health []bot.Health
	eventually.Check(t, a.ctx, "GET /healthz to answer 200", func() error {
		code, health = get()
		switch code {
		case http.StatusOK:
			return nil
		case http.StatusServiceUnavailable:
			return fmt.Errorf("%d %+v", code, health)
		}
		t.Fatalf("GET /healthz = %d, want 503 while starting or 200 once up", code)
		return nil
	})
	if code != http.StatusOK || len(health) != 1 || health[0].Platform != "console" || !health[0].Up {
		t.Errorf("GET /healthz = %d %+v, want 200 with the console up", code, health)
	}
	pw.Close() // end of input: the console ends, and with it the bot
	a.exited()
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("health endpoint still answers after Run returned")
	}
}
