CREATE TABLE "community_annual_report" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"source" text DEFAULT 'generated' NOT NULL,
	"pdf_base64" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"published_by" text,
	"published_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	CONSTRAINT "community_annual_report_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "community_key_text" (
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"by_user_id" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_key_text_city_id_kind_version_pk" PRIMARY KEY("city_id","kind","version")
);
--> statement-breakpoint
CREATE TABLE "community_message" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"channel" text NOT NULL,
	"audience" text NOT NULL,
	"spokesperson" text NOT NULL,
	"planned_on" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" text,
	"approved_by" text,
	"approved_at" timestamp (3) with time zone,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_message_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "safe_space_transfer" (
	"city_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"by_user_id" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safe_space_transfer_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "community_annual_report" ADD CONSTRAINT "community_annual_report_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_key_text" ADD CONSTRAINT "community_key_text_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_message" ADD CONSTRAINT "community_message_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safe_space_transfer" ADD CONSTRAINT "safe_space_transfer_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_annual_report_year_idx" ON "community_annual_report" USING btree ("city_id","year");--> statement-breakpoint
CREATE INDEX "community_message_planned_idx" ON "community_message" USING btree ("city_id","planned_on");--> statement-breakpoint
CREATE INDEX "safe_space_transfer_submission_idx" ON "safe_space_transfer" USING btree ("city_id","submission_id");