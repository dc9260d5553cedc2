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
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_value_period_idx" ON "indicator_value" USING btree ("city_id","indicator_id","period");