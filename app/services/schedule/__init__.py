"""The schedule in the app: the instance from the database, solve jobs, versions, pins and
edits, re-plans, publishing. `scheduler/` solves and checks; these modules connect it to the
database and to the people who read the result."""
