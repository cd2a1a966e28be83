ALTER TABLE "fact_t01" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t02" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t03" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t04" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t05" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t06" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t07" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t08" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t09" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t10" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t11" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t12" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t13" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t14" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t15" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t16" ADD COLUMN "file_indicator" text;--> statement-breakpoint
ALTER TABLE "fact_t17" ADD COLUMN "file_indicator" text;