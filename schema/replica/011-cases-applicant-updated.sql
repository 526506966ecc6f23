-- Migration 11: a search of the case list reads no case row.
--
-- Searching the case list by a name finds applicants, then their cases,
-- newest change first.  With cases_applicant on (applicant_id) only, each of
-- the cases found was read from the table for its updated_at: at 100,000
-- cases a Latin prefix such as "wan" found about 2,100, read at random from
-- a table larger than the page cache (median 28 ms).  The index now holds
-- updated_at too, so the search sorts from the index alone; it still serves
-- every lookup by applicant_id.

DROP INDEX cases_applicant;
CREATE INDEX cases_applicant ON cases (applicant_id, updated_at);
