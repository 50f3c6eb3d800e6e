package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

func init() {
	register(&subcommand{name: "probe", usage: "livez|readyz",
		summary: "ask the running bot's health endpoint (IPDESK_HEALTH_ADDR); exit 0 when it answers 200", run: probeCommand})
}

// probeCommand asks a running ipdesk whether it is alive or ready, for
// container health checks in images that have no HTTP client.
func probeCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "livez" && args[0] != "readyz") {
		return fmt.Errorf("usage: ipdesk probe livez|readyz")
	}
	what := args[0]
	cfg, rest, err := loadConfig(env, "probe "+what, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q; usage: ipdesk probe livez|readyz", rest[0])
	}
	if cfg.HealthAddr == "" {
		return fmt.Errorf("IPDESK_HEALTH_ADDR is not set, so the bot serves no health endpoint")
	}
	host, port, err := net.SplitHostPort(cfg.HealthAddr)
	if err != nil {
		return fmt.Errorf("IPDESK_HEALTH_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1" // listening on every address: ask locally
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/"+what, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	fmt.Fprintf(env.Stdout, "%s: %d %s\n", what, resp.StatusCode, strings.TrimSpace(string(body)))
	if resp.StatusCode != http.StatusOK {
		return exitError{code: 1}
	}
	return nil
}
