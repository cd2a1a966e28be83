ALTER TABLE "check_findings" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "check_findings" ADD COLUMN "last_round_id" integer;--> statement-breakpoint
ALTER TABLE "check_findings" ADD COLUMN "last_import_id" integer;--> statement-breakpoint
ALTER TABLE "check_findings" ADD COLUMN "times_seen" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "check_findings" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "check_findings" ADD CONSTRAINT "check_findings_last_round_id_collection_rounds_id_fk" FOREIGN KEY ("last_round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_findings" ADD CONSTRAINT "check_findings_last_import_id_imports_id_fk" FOREIGN KEY ("last_import_id") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "check_findings_fingerprint_index" ON "check_findings" USING btree ("fingerprint");