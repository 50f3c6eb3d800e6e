// Package ipdesk holds the domain types of the ipdesk bot: complaints, their
// statuses and decisions, user roles and error codes. It imports nothing else
// of this module, so every other package can speak in these terms.
package ipdesk

// Role is what a user may do in the bot.
type Role string

// Roles known to the bot. Staff act on complaints; everyone else is a user
// (a seller asking questions or a consumer filing a complaint).
const (
	RoleUser  Role = "user"
	RoleStaff Role = "staff"
	// RoleSystem is the bot itself, for what it does on its own: reminders,
	// and closing a complaint whose complainant did not answer.
	RoleSystem Role = "system"
)
