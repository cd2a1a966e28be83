CREATE TABLE "text_labels" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"field" text NOT NULL,
	"labels" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_labels_kind_subject_field_pk" PRIMARY KEY("kind","subject","field"),
	CONSTRAINT "text_labels_kind" CHECK ("text_labels"."kind" in ('table', 'dimension', 'source'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "lang" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_lang" CHECK ("users"."lang" is null or "users"."lang" ~ '^[a-z]{2,3}$');