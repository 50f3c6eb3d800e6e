package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

func TestHealthEndpoint(t *testing.T) {
	pr, pw := io.Pipe()
	env := &Env{Stdin: pr, Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	cfg := DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "ipdesk.db")
	cfg.HealthAddr = "127.0.0.1:0"
	if _, err := cfg.Load(env.Getenv, flag.NewFlagSet("test", flag.ContinueOnError), nil); err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(context.Background(), env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(context.Background()) }()
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		addr = app.HealthAddr()
	}
	if addr == "" {
		t.Fatal("health endpoint did not start")
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health []bot.Health
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(health) != 1 || health[0].Platform != "console" || !health[0].Up {
		t.Errorf("GET /healthz = %d %+v, want 200 with the console up", resp.StatusCode, health)
	}
	pw.Close() // end of input: the console ends, and with it the bot
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	app.Close()
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("health endpoint still answers after Run returned")
	}
}
