CREATE TABLE "regions" (
	"id" text PRIMARY KEY NOT NULL,
	"group_code" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_groupCode_unique" UNIQUE("group_code")
);
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_group_code_country_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."country_groups"("code") ON DELETE no action ON UPDATE no action;