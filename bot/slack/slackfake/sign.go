package slackfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Sign computes Slack's request signature for body sent at time at with the
// app's signing secret. It returns the X-Slack-Request-Timestamp and
// X-Slack-Signature header values.
func Sign(secret string, at time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignRequest sets the signature headers of req for body.
func SignRequest(req *http.Request, secret string, at time.Time, body []byte) {
	ts, sig := Sign(secret, at, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
}
