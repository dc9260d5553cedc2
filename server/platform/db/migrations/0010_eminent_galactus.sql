CREATE TABLE "community_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"published" jsonb NOT NULL,
	"explainer_extra" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"emergency_numbers" text DEFAULT '' NOT NULL,
	"neighbourhoods" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_event" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone,
	"place" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_event_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "safe_space_custodian" (
	"city_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"designated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safe_space_custodian_city_id_user_id_pk" PRIMARY KEY("city_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "safe_space_message" (
	"city_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"author" text NOT NULL,
	"custodian_user_id" text,
	"body_enc" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "safe_space_message_city_id_submission_id_seq_pk" PRIMARY KEY("city_id","submission_id","seq")
);
--> statement-breakpoint
CREATE TABLE "safe_space_spent_challenge" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safe_space_submission" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"neighbourhood" text,
	"status" text DEFAULT 'new' NOT NULL,
	"category" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"receipt_hash" text NOT NULL,
	"receipt_confirmed" boolean DEFAULT false NOT NULL,
	"contact_enc" text,
	"received_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "safe_space_submission_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "community_settings" ADD CONSTRAINT "community_settings_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_event" ADD CONSTRAINT "public_event_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safe_space_custodian" ADD CONSTRAINT "safe_space_custodian_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safe_space_message" ADD CONSTRAINT "safe_space_message_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safe_space_submission" ADD CONSTRAINT "safe_space_submission_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "public_event_city_starts_idx" ON "public_event" USING btree ("city_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "safe_space_submission_receipt_idx" ON "safe_space_submission" USING btree ("city_id","receipt_hash");--> statement-breakpoint
CREATE INDEX "safe_space_submission_city_status_idx" ON "safe_space_submission" USING btree ("city_id","status");