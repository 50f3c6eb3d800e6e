package knowledge

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// gatedFS holds every read until open is closed, so a test can look at an
// index whose build has not finished.
type gatedFS struct {
	fs.FS
	open chan struct{}
}

func (g gatedFS) Open(name string) (fs.File, error) {
	<-g.open
	return g.FS.Open(name)
}

// Start returns before the index is built; questions asked meanwhile wait
// for it, or give up when their context ends, and are answered once it is.
func TestStartBuildsInTheBackground(t *testing.T) {
	gate := gatedFS{FS: fstest.MapFS{"en/tm-us.md": {Data: []byte(usArticle)}}, open: make(chan struct{})}
	ix := Start(Options{Base: gate})
	select {
	case <-ix.Ready():
		t.Fatal("ready before the articles could be read")
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := ix.Ask(ctx, "how much is the uspto filing fee per class"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a question whose context ended before the build: %v", err)
	}
	answered := make(chan *Answer, 1)
	go func() {
		ans, err := ix.Ask(context.Background(), "how much is the uspto filing fee per class")
		if err != nil {
			t.Error(err)
		}
		answered <- ans
	}()
	close(gate.open)
	ans := <-answered
	if ans == nil || !ans.Answered || ans.Sections[0].Name() != "How much does it cost to file" {
		t.Fatalf("question asked during the build: %+v", ans)
	}
	<-ix.Ready()
	if _, ok := ix.Article("tm-us", "en"); !ok {
		t.Fatal("the built index lacks its article")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

// A base that cannot be built is reported once, and every question is told
// why rather than answered from nothing.
func TestStartReportsAFailedBuild(t *testing.T) {
	var mu sync.Mutex
	var reports []string
	ix := Start(Options{Base: fstest.MapFS{"en/broken.md": {Data: []byte("no front matter at all")}}, OnProblem: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, err.Error())
	}})
	defer ix.Close()
	_, err := ix.Ask(context.Background(), "how long does a trademark last")
	if err == nil || !strings.Contains(err.Error(), "knowledge base") {
		t.Fatalf("question to a base that failed to build: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) != 1 || !strings.Contains(reports[0], "broken.md") {
		t.Fatalf("reports: %q", reports)
	}
}
