-- Who each user was on the forge it was imported from (follow-graph import), so exports and
-- later migrations can map users back to their GitHub id and login or GitLab id and username.
CREATE TABLE "user_identities" (
	"user_id" bigint NOT NULL,
	"forge" text NOT NULL,
	"external_id" bigint,
	"login" text NOT NULL,
	CONSTRAINT "user_identities_user_id_forge_pk" PRIMARY KEY("user_id","forge"),
	CONSTRAINT "user_identities_forge_check" CHECK ("user_identities"."forge" in ('github', 'gitlab'))
);
--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "user_identities_forge_external_key" ON "user_identities" USING btree ("forge","external_id");