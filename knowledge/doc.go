// Package knowledge answers sellers' IP-compliance questions from a base of
// Markdown articles: the ones bundled in the binary, optionally overridden
// by an operator's folder.
//
// Articles are parsed with goldmark into sections by heading, indexed in a
// private in-memory SQLite FTS5 table (the binary must be built with
// -tags sqlite_fts5), and searched with weighted columns for the title, the
// headings, the aliases and tags, and the text. Ask decides whether the
// best section answers a question well enough to show it, and in which
// language. The package knows nothing of chat platforms; rendering is the
// caller's.
package knowledge
