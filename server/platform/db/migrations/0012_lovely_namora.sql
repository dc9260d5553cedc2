CREATE TABLE "case_workflow_definition" (
	"city_id" uuid NOT NULL,
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "case_workflow_definition_city_id_workflow_id_version_pk" PRIMARY KEY("city_id","workflow_id","version")
);
--> statement-breakpoint
ALTER TABLE "case_situation" ADD COLUMN "workflow_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_situation" ADD COLUMN "informed_on" date;--> statement-breakpoint
ALTER TABLE "case_situation" ADD COLUMN "inform_deferred_reason_enc" text;--> statement-breakpoint
ALTER TABLE "case_situation" ADD COLUMN "inform_reconsider_on" date;--> statement-breakpoint
ALTER TABLE "case_workflow_definition" ADD CONSTRAINT "case_workflow_definition_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;