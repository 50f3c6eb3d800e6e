package slack

// SetHistoryPage sets how many messages one call asks for when the adapter
// reads a conversation back, so a test can cover several pages without
// posting hundreds of messages.
func SetHistoryPage(a *Adapter, n int) { a.page = n }
