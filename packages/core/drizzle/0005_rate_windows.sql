-- GitHub's primary rate-limit windows, shared by every process on this database (WORKERS, or
-- several gateways). UNLOGGED: a window is worth an hour at most, so it skips the WAL; a crash
-- empties the table, which only gives every caller a fresh window, as a restart in memory did.
CREATE UNLOGGED TABLE "rate_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"used" integer NOT NULL,
	"resets_at" bigint NOT NULL
);
