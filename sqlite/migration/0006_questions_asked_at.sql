-- The retention sweep deletes questions by age on every background round;
-- without this index each round would read the whole log.
CREATE INDEX questions_asked_at ON questions (asked_at);
