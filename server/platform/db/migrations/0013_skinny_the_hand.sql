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
CREATE TABLE "activity_session" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"neighbourhood_id" uuid,
	"type" text NOT NULL,
	"custom_type" text DEFAULT '' NOT NULL,
	"facilitators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendance" jsonb NOT NULL,
	"total" integer NOT NULL,
	"test_participants" integer,
	"pre_mean" real,
	"post_mean" real,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_session_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "indicator" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"names" jsonb NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"direction" text DEFAULT 'higher' NOT NULL,
	"frequency" text DEFAULT 'yearly' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"objective_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"means_of_verification" text DEFAULT '' NOT NULL,
	"baseline" jsonb,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"library_key" text,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "indicator_city_code_uq" UNIQUE("city_id","code")
);
--> statement-breakpoint
CREATE TABLE "indicator_value" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"period" text NOT NULL,
	"neighbourhood_id" uuid,
	"value" real NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"entered_by" text,
	"entered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approved_by" text,
	"approved_at" timestamp (3) with time zone,
	CONSTRAINT "indicator_value_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "action_plan_action_state" ADD CONSTRAINT "action_plan_action_state_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_version" ADD CONSTRAINT "action_plan_version_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_session" ADD CONSTRAINT "activity_session_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_plan_version_status_idx" ON "action_plan_version" USING btree ("city_id","status");--> statement-breakpoint
CREATE INDEX "activity_session_action_idx" ON "activity_session" USING btree ("city_id","action_id","held_on");--> statement-breakpoint
CREATE INDEX "activity_session_held_idx" ON "activity_session" USING btree ("city_id","held_on","id");--> statement-breakpoint
CREATE INDEX "indicator_value_period_idx" ON "indicator_value" USING btree ("city_id","indicator_id","period");