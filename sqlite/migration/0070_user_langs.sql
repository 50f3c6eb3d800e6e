-- The language each person is answered in, by "platform:userid". chosen is
-- 1 when the person set it with the lang command (what they write then never
-- changes it), 0 when it was detected from what they wrote.
CREATE TABLE user_langs (
	user       TEXT PRIMARY KEY,
	lang       TEXT NOT NULL,
	chosen     INTEGER NOT NULL DEFAULT 0,
	updated_at TEXT NOT NULL
);
