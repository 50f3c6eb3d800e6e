package bot

import (
	"net/http"
	"time"
)

// APIConns is how many connections a platform's API client keeps open to
// one host, busy or idle. Go's default transport keeps only two idle
// connections per host, so with dozens of replies in flight nearly every
// request dialled a new connection (and, on a real platform, a new TLS
// handshake) and threw it away after one use. A busy bot reuses these
// instead; past the limit, requests wait for a free connection rather than
// opening hundreds during a burst.
const APIConns = 64

// NewTransport returns the HTTP transport for a platform's API client: the
// default transport's settings (proxy from the environment, dial and TLS
// timeouts, HTTP/2 where the server offers it) with APIConns connections
// per host kept for reuse.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 4 * APIConns
	t.MaxIdleConnsPerHost = APIConns
	t.MaxConnsPerHost = APIConns
	t.IdleConnTimeout = 90 * time.Second
	return t
}
