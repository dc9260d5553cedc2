CREATE TABLE "national_escalation" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"urgency" text NOT NULL,
	"requested_support" text NOT NULL,
	"risk_id" uuid,
	"objective_id" uuid,
	"deadline" date,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_by" text,
	"raised_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp (3) with time zone,
	"response" text,
	"responded_by" text,
	"responded_at" timestamp (3) with time zone,
	"outcome" text,
	"closed_at" timestamp (3) with time zone,
	"reminded_at" timestamp (3) with time zone,
	CONSTRAINT "national_escalation_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "national_escalation_number_uq" UNIQUE("city_id","number")
);
--> statement-breakpoint
CREATE TABLE "national_framework" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"country" text,
	"kind" text NOT NULL,
	"names" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_framework_version" (
	"framework_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"goals" jsonb NOT NULL,
	"published_by" text,
	"published_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_framework_version_framework_id_version_pk" PRIMARY KEY("framework_id","version")
);
--> statement-breakpoint
CREATE TABLE "national_objective_goal" (
	"city_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_objective_goal_city_id_objective_id_goal_id_pk" PRIMARY KEY("city_id","objective_id","goal_id")
);
--> statement-breakpoint
CREATE TABLE "national_report" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"narrative" jsonb NOT NULL,
	"snapshot" jsonb,
	"content_hash" text,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp (3) with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp (3) with time zone,
	"review_comment" text,
	CONSTRAINT "national_report_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "national_report_version_uq" UNIQUE("city_id","kind","period","version")
);
--> statement-breakpoint
ALTER TABLE "national_escalation" ADD CONSTRAINT "national_escalation_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_framework_version" ADD CONSTRAINT "national_framework_version_framework_id_national_framework_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."national_framework"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_objective_goal" ADD CONSTRAINT "national_objective_goal_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_report" ADD CONSTRAINT "national_report_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "national_escalation_status_idx" ON "national_escalation" USING btree ("city_id","status");--> statement-breakpoint
CREATE INDEX "national_framework_country_idx" ON "national_framework" USING btree ("country");--> statement-breakpoint
CREATE INDEX "national_report_status_idx" ON "national_report" USING btree ("city_id","status");