CREATE TABLE "job_run" (
	"job" text NOT NULL,
	"run_key" text NOT NULL,
	"node" text NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"result" jsonb,
	"error" text,
	CONSTRAINT "job_run_job_run_key_pk" PRIMARY KEY("job","run_key")
);
--> statement-breakpoint
CREATE TABLE "case_assessment" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"situation_id" uuid NOT NULL,
	"assessed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"assessed_by" text,
	"factors" jsonb NOT NULL,
	"summary_enc" text NOT NULL,
	"management_plan_enc" text NOT NULL,
	"changes_enc" text,
	CONSTRAINT "case_assessment_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_assignment" (
	"city_id" uuid NOT NULL,
	"situation_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"assigned_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"assigned_by" text,
	"ended_at" timestamp (3) with time zone,
	CONSTRAINT "case_assignment_city_id_situation_id_organisation_id_role_pk" PRIMARY KEY("city_id","situation_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "case_consent" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"situation_id" uuid NOT NULL,
	"person_id" uuid,
	"purpose" text NOT NULL,
	"referral_id" uuid,
	"basis" text NOT NULL,
	"basis_detail" text DEFAULT '' NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	"withdrawn_by" text,
	CONSTRAINT "case_consent_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_follow_up" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"situation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"months_after_closure" integer,
	"completed_at" timestamp (3) with time zone,
	"completed_by" text,
	"review_finding" text,
	"note_enc" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "case_follow_up_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_person" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"situation_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"identity_enc" text NOT NULL,
	"is_minor" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "case_person_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_person_match_key" (
	"city_id" uuid NOT NULL,
	"key" text NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "case_person_match_key_city_id_key_person_id_pk" PRIMARY KEY("city_id","key","person_id")
);
--> statement-breakpoint
CREATE TABLE "case_referral" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"situation_id" uuid NOT NULL,
	"person_id" uuid,
	"to_organisation_id" uuid,
	"to_service_id" uuid,
	"status" text NOT NULL,
	"shared_fields" text[] DEFAULT '{}' NOT NULL,
	"share_risk_factors" boolean DEFAULT false NOT NULL,
	"message_enc" text,
	"consent_id" uuid,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sent_by" text,
	"responded_at" timestamp (3) with time zone,
	"responded_by" text,
	"decline_reason" text,
	"completed_at" timestamp (3) with time zone,
	"feedback_enc" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_referral_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_service" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_service_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"rejected_retention_days" integer DEFAULT 30 NOT NULL,
	"closed_retention_days" integer DEFAULT 730 NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"taxonomy_additions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "case_situation" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"workflow" text NOT NULL,
	"stage" text NOT NULL,
	"originating_organisation_id" uuid NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"originating_reason" text DEFAULT '' NOT NULL,
	"subject_kind" text NOT NULL,
	"age_band" text NOT NULL,
	"gender" text NOT NULL,
	"neighbourhood" text DEFAULT '' NOT NULL,
	"risk_factors" text[] DEFAULT '{}' NOT NULL,
	"protective_factors" text[] DEFAULT '{}' NOT NULL,
	"is_minor" boolean DEFAULT false NOT NULL,
	"presented_at" timestamp (3) with time zone,
	"threshold_met" boolean,
	"decided_at" timestamp (3) with time zone,
	"decided_by" text,
	"decided_at_meeting_id" uuid,
	"decision_note" text DEFAULT '' NOT NULL,
	"response_due_at" timestamp (3) with time zone,
	"first_response_at" timestamp (3) with time zone,
	"plan_enc" text,
	"closed_at" timestamp (3) with time zone,
	"outcome" text,
	"closure_note_enc" text,
	"rejected_at" timestamp (3) with time zone,
	"purge_after" timestamp (3) with time zone,
	CONSTRAINT "case_situation_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "case_assessment" ADD CONSTRAINT "case_assessment_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignment" ADD CONSTRAINT "case_assignment_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_consent" ADD CONSTRAINT "case_consent_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_follow_up" ADD CONSTRAINT "case_follow_up_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_person" ADD CONSTRAINT "case_person_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_person_match_key" ADD CONSTRAINT "case_person_match_key_person_fk" FOREIGN KEY ("city_id","person_id") REFERENCES "public"."case_person"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_referral" ADD CONSTRAINT "case_referral_situation_fk" FOREIGN KEY ("city_id","situation_id") REFERENCES "public"."case_situation"("city_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_service" ADD CONSTRAINT "case_service_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_settings" ADD CONSTRAINT "case_settings_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_situation" ADD CONSTRAINT "case_situation_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assessment_situation_idx" ON "case_assessment" USING btree ("city_id","situation_id");--> statement-breakpoint
CREATE INDEX "case_assignment_org_idx" ON "case_assignment" USING btree ("city_id","organisation_id");--> statement-breakpoint
CREATE INDEX "case_consent_situation_idx" ON "case_consent" USING btree ("city_id","situation_id");--> statement-breakpoint
CREATE INDEX "case_follow_up_situation_idx" ON "case_follow_up" USING btree ("city_id","situation_id");--> statement-breakpoint
CREATE INDEX "case_follow_up_due_idx" ON "case_follow_up" USING btree ("city_id","due_on");--> statement-breakpoint
CREATE INDEX "case_person_situation_idx" ON "case_person" USING btree ("city_id","situation_id");--> statement-breakpoint
CREATE INDEX "case_referral_situation_idx" ON "case_referral" USING btree ("city_id","situation_id");--> statement-breakpoint
CREATE INDEX "case_referral_to_org_idx" ON "case_referral" USING btree ("city_id","to_organisation_id");--> statement-breakpoint
CREATE INDEX "case_situation_city_created_idx" ON "case_situation" USING btree ("city_id","created_at","id");--> statement-breakpoint
CREATE INDEX "case_situation_city_stage_idx" ON "case_situation" USING btree ("city_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "case_situation_city_reference_idx" ON "case_situation" USING btree ("city_id","reference");--> statement-breakpoint
CREATE INDEX "case_situation_purge_idx" ON "case_situation" USING btree ("purge_after");