package bot

import "errors"

// ErrNoUpload is returned by Bot.Upload for a platform whose adapter
// cannot post files; the caller shows the file another way.
var ErrNoUpload = errors.New("this platform cannot post files")
