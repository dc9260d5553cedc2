CREATE TABLE "risk" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"city_wide" boolean NOT NULL,
	"affected_groups" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"residual_likelihood" integer NOT NULL,
	"residual_impact" integer NOT NULL,
	"confidence" text NOT NULL,
	"trend" text NOT NULL,
	"review_on" date NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_boundary_set" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name_property" text NOT NULL,
	"feature_count" integer NOT NULL,
	"points_uploaded" integer NOT NULL,
	"points_kept" integer NOT NULL,
	"uploaded_by" text,
	"uploaded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_category" (
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"labels" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_category_city_id_code_pk" PRIMARY KEY("city_id","code")
);
--> statement-breakpoint
CREATE TABLE "risk_consultation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"format" text NOT NULL,
	"neighbourhood_ids" uuid[] NOT NULL,
	"organisation_ids" uuid[] NOT NULL,
	"attendance" jsonb NOT NULL,
	"languages" text[] NOT NULL,
	"accessibility_notes" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_consultation_finding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"statement" text NOT NULL,
	"priority" integer,
	"supports_risk_ids" uuid[] NOT NULL,
	"challenges_risk_ids" uuid[] NOT NULL,
	"proposes_new_risk" boolean DEFAULT false NOT NULL,
	"response" text,
	"action_id" uuid,
	"responded_by" text,
	"responded_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"source_type" text NOT NULL,
	"reliability" text NOT NULL,
	"credibility" integer NOT NULL,
	"summary" text NOT NULL,
	"observed_on" date,
	"consultation_id" uuid,
	"organisation_id" uuid,
	"added_by" text,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_neighbourhood" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"current_set_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_neighbourhood_link" (
	"risk_id" uuid NOT NULL,
	"neighbourhood_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	CONSTRAINT "risk_neighbourhood_link_risk_id_neighbourhood_id_pk" PRIMARY KEY("risk_id","neighbourhood_id")
);
--> statement-breakpoint
CREATE TABLE "risk_neighbourhood_shape" (
	"set_id" uuid NOT NULL,
	"neighbourhood_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"geometry" jsonb NOT NULL,
	"simplified" jsonb NOT NULL,
	CONSTRAINT "risk_neighbourhood_shape_set_id_neighbourhood_id_pk" PRIMARY KEY("set_id","neighbourhood_id")
);
--> statement-breakpoint
CREATE TABLE "risk_perspective" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"rationale" text NOT NULL,
	"assumptions" text DEFAULT '' NOT NULL,
	"biases" text DEFAULT '' NOT NULL,
	"by_user_id" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_score_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"by_user_id" text,
	"reason" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"residual_likelihood" integer NOT NULL,
	"residual_impact" integer NOT NULL,
	"confidence" text NOT NULL,
	"trend" text NOT NULL,
	"review_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk" ADD CONSTRAINT "risk_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_boundary_set" ADD CONSTRAINT "risk_boundary_set_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_category" ADD CONSTRAINT "risk_category_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_consultation" ADD CONSTRAINT "risk_consultation_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_consultation_finding" ADD CONSTRAINT "risk_consultation_finding_consultation_id_risk_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."risk_consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_evidence" ADD CONSTRAINT "risk_evidence_risk_id_risk_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_neighbourhood" ADD CONSTRAINT "risk_neighbourhood_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_neighbourhood_link" ADD CONSTRAINT "risk_neighbourhood_link_risk_id_risk_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_neighbourhood_link" ADD CONSTRAINT "risk_neighbourhood_link_neighbourhood_id_risk_neighbourhood_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."risk_neighbourhood"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_neighbourhood_shape" ADD CONSTRAINT "risk_neighbourhood_shape_set_id_risk_boundary_set_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."risk_boundary_set"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_neighbourhood_shape" ADD CONSTRAINT "risk_neighbourhood_shape_neighbourhood_id_risk_neighbourhood_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."risk_neighbourhood"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_perspective" ADD CONSTRAINT "risk_perspective_risk_id_risk_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_score_change" ADD CONSTRAINT "risk_score_change_risk_id_risk_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_city_idx" ON "risk" USING btree ("city_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_boundary_set_version_idx" ON "risk_boundary_set" USING btree ("city_id","version");--> statement-breakpoint
CREATE INDEX "risk_consultation_city_idx" ON "risk_consultation" USING btree ("city_id","held_on");--> statement-breakpoint
CREATE INDEX "risk_consultation_finding_idx" ON "risk_consultation_finding" USING btree ("consultation_id","position");--> statement-breakpoint
CREATE INDEX "risk_evidence_risk_idx" ON "risk_evidence" USING btree ("risk_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_neighbourhood_name_idx" ON "risk_neighbourhood" USING btree ("city_id","name_key");--> statement-breakpoint
CREATE INDEX "risk_neighbourhood_link_nb_idx" ON "risk_neighbourhood_link" USING btree ("neighbourhood_id");--> statement-breakpoint
CREATE INDEX "risk_perspective_risk_idx" ON "risk_perspective" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_score_change_risk_idx" ON "risk_score_change" USING btree ("risk_id","at");