CREATE TABLE "action_plan_action_state" (
	"city_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"budget_committed" bigint DEFAULT 0 NOT NULL,
	"budget_spent" bigint DEFAULT 0 NOT NULL,
	"milestones_done" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_plan_action_state_city_id_action_id_pk" PRIMARY KEY("city_id","action_id")
);
--> statement-breakpoint
CREATE TABLE "action_plan_version" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"objectives" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"based_on_version" integer,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"adopted_at" timestamp (3) with time zone,
	"adopted_decision_id" uuid,
	CONSTRAINT "action_plan_version_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "action_plan_version_city_version_uq" UNIQUE("city_id","version")
);
--> statement-breakpoint
ALTER TABLE "action_plan_action_state" ADD CONSTRAINT "action_plan_action_state_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_version" ADD CONSTRAINT "action_plan_version_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_plan_version_status_idx" ON "action_plan_version" USING btree ("city_id","status");