-- Weekly reports are claimed before they are posted and confirmed after,
-- as reminders are (0009): a claim left unconfirmed longer than a lease
-- died with its replica, and the week is posted again. Rows from before
-- this migration were posted.
ALTER TABLE weekly_reports ADD COLUMN sent boolean NOT NULL DEFAULT true;
