// Package bot is the platform-neutral core of ipdesk: the Event a platform
// delivers, the Reply a handler writes, the Handler and Mux that route one to
// the other, middleware, and the Bot runtime that runs several platform
// adapters at once.
//
// Handlers never call a platform. They answer through a ResponseWriter, or
// send a Reply to any Address through a Sender (the Bot), and the adapter
// that owns that platform renders it in its best form.
package bot
