CREATE TABLE "server_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_counters" ADD COLUMN "follower_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "user_counters" AS c SET "follower_rows" = f.n
FROM (SELECT "followee_id", count(*)::int AS n FROM "follows" GROUP BY "followee_id") AS f
WHERE c."user_id" = f."followee_id";
