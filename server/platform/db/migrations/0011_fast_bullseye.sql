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
ALTER TABLE "activity_session" ADD CONSTRAINT "activity_session_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_session_action_idx" ON "activity_session" USING btree ("city_id","action_id","held_on");--> statement-breakpoint
CREATE INDEX "activity_session_held_idx" ON "activity_session" USING btree ("city_id","held_on","id");