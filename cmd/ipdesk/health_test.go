package main

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

func TestHealthEndpoint(t *testing.T) {
	pr, pw := io.Pipe()
	var a *testApp
	a = newTestApp(t, testBudget, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0"}, func() func() {
		return func() {
			for deadline := time.Now().Add(10 * time.Second); a.app.HealthAddr() == "" && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
		}
	})
	a.stdin = pr
	a.start()
	addr := a.app.HealthAddr()
	if addr == "" {
		t.Fatal("health endpoint did not start")
	}
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
	code, health := get()
	for deadline := time.Now().Add(10 * time.Second); code != http.StatusOK && time.Now().Before(deadline); code, health = get() {
		if code != http.StatusServiceUnavailable {
			t.Fatalf("GET /healthz = %d, want 503 while starting or 200 once up", code)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code != http.StatusOK || len(health) != 1 || health[0].Platform != "console" || !health[0].Up {
		t.Errorf("GET /healthz = %d %+v, want 200 with the console up", code, health)
	}
	pw.Close() // end of input: the console ends, and with it the bot
	a.exited()
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("health endpoint still answers after Run returned")
	}
}
