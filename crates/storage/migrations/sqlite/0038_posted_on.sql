-- the day a letter was posted, as the member of staff states it (default today), beside when
-- they recorded it (posted_at): letters are often posted one day and ticked off the next, and a
-- resident's time to reply runs from the post. null for letters marked posted before it was asked.
-- kept in lockstep with the other backend's file of the same name.
alter table print_queue add column posted_on text;
