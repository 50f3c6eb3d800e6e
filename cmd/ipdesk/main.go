// Command ipdesk runs the ipdesk bot and its tools. With no Slack or Discord
// token it starts the console chat on the bundled knowledge base and a local
// SQLite file, so the whole product can be tried alone.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// subcommand is one of ipdesk's commands. Each lives in its own file and
// registers itself, so adding one touches no other file.
type subcommand struct {
	name    string
	usage   string // arguments after the name
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

var subcommands = map[string]*subcommand{}

func register(c *subcommand) {
	if _, dup := subcommands[c.name]; dup {
		panic("subcommand registered twice: " + c.name)
	}
	subcommands[c.name] = c
}

// Env is what a subcommand runs with: standard streams and the environment,
// so tests can run a whole command in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// StdinIsTerminal says whether a person is typing (prompts) or input is
	// scripted (a transcript is printed).
	StdinIsTerminal bool
}

// exitError carries an exit code other than 1 without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	setGCDefaults(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StdinIsTerminal: isTerminal(os.Stdin)}
	code := Main(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main runs ipdesk with args and returns the process exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	name := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || (len(args) > 0 && name == "run" && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help")) {
		usage(env.Stdout)
		return 0
	}
	c, ok := subcommands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "ipdesk: unknown command %q; run 'ipdesk --help' for the list\n", name)
		return 2
	}
	err := c.run(ctx, env, args)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, flag.ErrHelp):
		return 0
	default:
		// Several bad settings are several lines, each its own.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(env.Stderr, "ipdesk: %s\n", line)
		}
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `ipdesk %s: an intellectual-property help desk for Slack, Discord and the terminal.

Usage: ipdesk [COMMAND] [FLAGS] [ARGS]

Commands:
`, buildVersion())
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := subcommands[n]
		fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace(c.name+" "+c.usage), c.summary)
	}
	fmt.Fprintln(w, "\nWith no command, ipdesk runs the bot. 'ipdesk COMMAND --help' shows a command's flags.")
	fmt.Fprintln(w)
	printSettings(w)
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
