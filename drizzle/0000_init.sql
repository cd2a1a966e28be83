CREATE TABLE "fact_t01" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t01_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"lms" text NOT NULL,
	"age" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"lms_list" text GENERATED ALWAYS AS ('LMS') STORED NOT NULL,
	"age_list" text GENERATED ALWAYS AS ('AGE') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t02" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t02_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"education" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"edu_list" text GENERATED ALWAYS AS ('EDU') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t03" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t03_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"origin" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t04" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t04_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"origin" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t05" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t05_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"economic_activity" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"eco_list" text GENERATED ALWAYS AS ('ECO') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t06" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t06_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"occupation" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"ocu_list" text GENERATED ALWAYS AS ('OCU') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t07" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t07_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"status_in_employment" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"ste_list" text GENERATED ALWAYS AS ('STE') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t08" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t08_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"migrant_status" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"mig_list" text GENERATED ALWAYS AS ('MIG') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t09" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t09_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"origin" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t10" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t10_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"education" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"edu_list" text GENERATED ALWAYS AS ('EDU') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t11" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t11_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"economic_activity" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"eco_list" text GENERATED ALWAYS AS ('ECO') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t12" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t12_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"occupation" text NOT NULL,
	"basis" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"ocu_list" text GENERATED ALWAYS AS ('OCU') STORED NOT NULL,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t13" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t13_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"residence" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t14" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t14_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"destination" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t15" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t15_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"destination" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t16" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t16_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"economic_activity" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"eco_list" text GENERATED ALWAYS AS ('ECO') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fact_t17" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fact_t17_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ref_area" text NOT NULL,
	"time" smallint NOT NULL,
	"sex" text NOT NULL,
	"occupation" text NOT NULL,
	"indicator" text NOT NULL,
	"source_code" text NOT NULL,
	"round_id" integer NOT NULL,
	"obs_value" numeric,
	"obs_status" text,
	"note_classif" text,
	"note_indicator" text,
	"note_source" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"sex_list" text GENERATED ALWAYS AS ('SEX') STORED NOT NULL,
	"ocu_list" text GENERATED ALWAYS AS ('OCU') STORED NOT NULL,
	"obs_status_list" text GENERATED ALWAYS AS ('OBS_STATUS') STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ilms_tables" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"module" text NOT NULL,
	"title" text NOT NULL,
	"unit" text NOT NULL,
	"additive" boolean NOT NULL,
	CONSTRAINT "ilms_tables_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" text PRIMARY KEY NOT NULL,
	"table_id" integer NOT NULL,
	"title" text NOT NULL,
	"fixed" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "code_mappings" (
	"codelist_id" text NOT NULL,
	"code" text NOT NULL,
	"target_codelist_id" text NOT NULL,
	"target_code" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "code_mappings_codelist_id_code_target_codelist_id_target_code_pk" PRIMARY KEY("codelist_id","code","target_codelist_id","target_code"),
	CONSTRAINT "code_mappings_kind" CHECK ("code_mappings"."kind" in ('classification', 'rollup'))
);
--> statement-breakpoint
CREATE TABLE "codelists" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"labels" jsonb NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "codes" (
	"codelist_id" text NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"family" text,
	"level" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"labels" jsonb NOT NULL,
	"attributes" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "codes_codelist_id_code_pk" PRIMARY KEY("codelist_id","code")
);
--> statement-breakpoint
CREATE TABLE "country_group_members" (
	"group_code" text NOT NULL,
	"country" text NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "country_group_members_group_code_country_valid_from_pk" PRIMARY KEY("group_code","country","valid_from"),
	CONSTRAINT "country_group_members_dates" CHECK ("country_group_members"."valid_to" is null or "country_group_members"."valid_to" >= "country_group_members"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "country_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"ilostat_code" text,
	"labels" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "collection_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"reference_year" smallint NOT NULL,
	"kind" text DEFAULT 'regular' NOT NULL,
	"revises_round_id" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_on" date,
	"closes_on" date,
	"release_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_rounds_code_unique" UNIQUE("code"),
	CONSTRAINT "collection_rounds_status" CHECK ("collection_rounds"."status" in ('draft', 'submitted', 'validated', 'published')),
	CONSTRAINT "collection_rounds_kind" CHECK ("collection_rounds"."kind" in ('regular', 'revision')),
	CONSTRAINT "collection_rounds_dates" CHECK ("collection_rounds"."closes_on" is null or "collection_rounds"."opens_on" is null or "collection_rounds"."closes_on" >= "collection_rounds"."opens_on")
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"note_type" text NOT NULL,
	"note_id" text NOT NULL,
	"labels" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notes_note_type_note_id_pk" PRIMARY KEY("note_type","note_id")
);
--> statement-breakpoint
CREATE TABLE "data_sources" (
	"code" text PRIMARY KEY NOT NULL,
	"ref_area" text NOT NULL,
	"area_list" text GENERATED ALWAYS AS ('AREA') STORED NOT NULL,
	"name" text NOT NULL,
	"source_type" text,
	"source_type_list" text GENERATED ALWAYS AS ('SOURCE_TYPE') STORED NOT NULL,
	"agency" text,
	"geographic_coverage" text,
	"population_coverage" text,
	"age_floor" smallint,
	"irregular_migrants_covered" boolean,
	"migrant_basis" text,
	"basis_list" text GENERATED ALWAYS AS ('BASIS') STORED NOT NULL,
	"reference_period" text,
	"periodicity" text,
	"sample_size" integer,
	"coefficient_of_variation" numeric,
	"comparability" text,
	"comparability_note" text,
	"known_gaps" text,
	"series_breaks" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_sources_comparability" CHECK ("data_sources"."comparability" in ('full', 'partial', 'not_comparable')),
	CONSTRAINT "data_sources_age_floor" CHECK ("data_sources"."age_floor" between 0 and 99)
);
--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_lms_fk" FOREIGN KEY ("lms_list","lms") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_age_fk" FOREIGN KEY ("age_list","age") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t01" ADD CONSTRAINT "fact_t01_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_education_fk" FOREIGN KEY ("edu_list","education") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD CONSTRAINT "fact_t02_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_origin_fk" FOREIGN KEY ("area_list","origin") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD CONSTRAINT "fact_t03_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_origin_fk" FOREIGN KEY ("area_list","origin") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD CONSTRAINT "fact_t04_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_economic_activity_fk" FOREIGN KEY ("eco_list","economic_activity") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD CONSTRAINT "fact_t05_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_occupation_fk" FOREIGN KEY ("ocu_list","occupation") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD CONSTRAINT "fact_t06_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_status_in_employment_fk" FOREIGN KEY ("ste_list","status_in_employment") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD CONSTRAINT "fact_t07_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_migrant_status_fk" FOREIGN KEY ("mig_list","migrant_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD CONSTRAINT "fact_t08_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_origin_fk" FOREIGN KEY ("area_list","origin") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD CONSTRAINT "fact_t09_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_education_fk" FOREIGN KEY ("edu_list","education") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD CONSTRAINT "fact_t10_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_economic_activity_fk" FOREIGN KEY ("eco_list","economic_activity") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD CONSTRAINT "fact_t11_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_occupation_fk" FOREIGN KEY ("ocu_list","occupation") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_basis_fk" FOREIGN KEY ("basis_list","basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD CONSTRAINT "fact_t12_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_residence_fk" FOREIGN KEY ("area_list","residence") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD CONSTRAINT "fact_t13_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_destination_fk" FOREIGN KEY ("area_list","destination") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD CONSTRAINT "fact_t14_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_destination_fk" FOREIGN KEY ("area_list","destination") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD CONSTRAINT "fact_t15_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_economic_activity_fk" FOREIGN KEY ("eco_list","economic_activity") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD CONSTRAINT "fact_t16_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_indicator_indicators_id_fk" FOREIGN KEY ("indicator") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_source_code_data_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."data_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_ref_area_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_sex_fk" FOREIGN KEY ("sex_list","sex") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_occupation_fk" FOREIGN KEY ("ocu_list","occupation") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD CONSTRAINT "fact_t17_obs_status_fk" FOREIGN KEY ("obs_status_list","obs_status") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_table_id_ilms_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."ilms_tables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_mappings" ADD CONSTRAINT "code_mappings_codelist_id_code_codes_codelist_id_code_fk" FOREIGN KEY ("codelist_id","code") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_mappings" ADD CONSTRAINT "code_mappings_target_codelist_id_target_code_codes_codelist_id_code_fk" FOREIGN KEY ("target_codelist_id","target_code") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_codelist_id_codelists_id_fk" FOREIGN KEY ("codelist_id") REFERENCES "public"."codelists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_codelist_id_parent_code_codes_codelist_id_code_fk" FOREIGN KEY ("codelist_id","parent_code") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "country_group_members" ADD CONSTRAINT "country_group_members_group_code_country_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."country_groups"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "country_group_members" ADD CONSTRAINT "country_group_members_area_list_country_codes_codelist_id_code_fk" FOREIGN KEY ("area_list","country") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_rounds" ADD CONSTRAINT "collection_rounds_revises_round_id_collection_rounds_id_fk" FOREIGN KEY ("revises_round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_area_list_ref_area_codes_codelist_id_code_fk" FOREIGN KEY ("area_list","ref_area") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_source_type_list_source_type_codes_codelist_id_code_fk" FOREIGN KEY ("source_type_list","source_type") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_basis_list_migrant_basis_codes_codelist_id_code_fk" FOREIGN KEY ("basis_list","migrant_basis") REFERENCES "public"."codes"("codelist_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t01_cell_round" ON "fact_t01" USING btree ("ref_area","time","sex","lms","age","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t01_round" ON "fact_t01" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t01_time_area" ON "fact_t01" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t02_cell_round" ON "fact_t02" USING btree ("ref_area","time","sex","education","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t02_round" ON "fact_t02" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t02_time_area" ON "fact_t02" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t03_cell_round" ON "fact_t03" USING btree ("ref_area","time","sex","origin","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t03_round" ON "fact_t03" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t03_time_area" ON "fact_t03" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t04_cell_round" ON "fact_t04" USING btree ("ref_area","time","sex","origin","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t04_round" ON "fact_t04" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t04_time_area" ON "fact_t04" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t05_cell_round" ON "fact_t05" USING btree ("ref_area","time","sex","economic_activity","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t05_round" ON "fact_t05" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t05_time_area" ON "fact_t05" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t06_cell_round" ON "fact_t06" USING btree ("ref_area","time","sex","occupation","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t06_round" ON "fact_t06" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t06_time_area" ON "fact_t06" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t07_cell_round" ON "fact_t07" USING btree ("ref_area","time","sex","status_in_employment","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t07_round" ON "fact_t07" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t07_time_area" ON "fact_t07" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t08_cell_round" ON "fact_t08" USING btree ("ref_area","time","sex","migrant_status","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t08_round" ON "fact_t08" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t08_time_area" ON "fact_t08" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t09_cell_round" ON "fact_t09" USING btree ("ref_area","time","sex","origin","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t09_round" ON "fact_t09" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t09_time_area" ON "fact_t09" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t10_cell_round" ON "fact_t10" USING btree ("ref_area","time","sex","education","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t10_round" ON "fact_t10" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t10_time_area" ON "fact_t10" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t11_cell_round" ON "fact_t11" USING btree ("ref_area","time","sex","economic_activity","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t11_round" ON "fact_t11" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t11_time_area" ON "fact_t11" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t12_cell_round" ON "fact_t12" USING btree ("ref_area","time","sex","occupation","basis","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t12_round" ON "fact_t12" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t12_time_area" ON "fact_t12" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t13_cell_round" ON "fact_t13" USING btree ("ref_area","time","sex","residence","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t13_round" ON "fact_t13" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t13_time_area" ON "fact_t13" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t14_cell_round" ON "fact_t14" USING btree ("ref_area","time","sex","destination","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t14_round" ON "fact_t14" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t14_time_area" ON "fact_t14" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t15_cell_round" ON "fact_t15" USING btree ("ref_area","time","sex","destination","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t15_round" ON "fact_t15" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t15_time_area" ON "fact_t15" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t16_cell_round" ON "fact_t16" USING btree ("ref_area","time","sex","economic_activity","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t16_round" ON "fact_t16" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t16_time_area" ON "fact_t16" USING btree ("time","ref_area");--> statement-breakpoint
CREATE UNIQUE INDEX "fact_t17_cell_round" ON "fact_t17" USING btree ("ref_area","time","sex","occupation","source_code","round_id");--> statement-breakpoint
CREATE INDEX "fact_t17_round" ON "fact_t17" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "fact_t17_time_area" ON "fact_t17" USING btree ("time","ref_area");--> statement-breakpoint
CREATE INDEX "codes_codelist_id_parent_code_index" ON "codes" USING btree ("codelist_id","parent_code");--> statement-breakpoint
CREATE INDEX "codes_code_index" ON "codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "data_sources_ref_area_index" ON "data_sources" USING btree ("ref_area");