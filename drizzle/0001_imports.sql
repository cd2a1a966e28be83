CREATE TABLE "check_findings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "check_findings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"import_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"check" text NOT NULL,
	"severity" text NOT NULL,
	"table_id" integer NOT NULL,
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"source_code" text NOT NULL,
	"message" text NOT NULL,
	"expected" numeric,
	"actual" numeric,
	"cells" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_findings_severity" CHECK ("check_findings"."severity" in ('info', 'warning'))
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer,
	"status" text NOT NULL,
	"file_name" text,
	"sha256" text,
	"source" text,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_written" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"finding_count" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"report" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imports_status" CHECK ("imports"."status" in ('loaded', 'rejected', 'unchanged'))
);
--> statement-breakpoint
ALTER TABLE "check_findings" ADD CONSTRAINT "check_findings_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_findings" ADD CONSTRAINT "check_findings_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_findings" ADD CONSTRAINT "check_findings_table_id_ilms_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."ilms_tables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_findings_round_id_table_id_ref_area_time_index" ON "check_findings" USING btree ("round_id","table_id","ref_area","time");--> statement-breakpoint
CREATE INDEX "check_findings_import_id_index" ON "check_findings" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "imports_round_id_index" ON "imports" USING btree ("round_id");