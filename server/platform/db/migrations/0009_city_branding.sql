CREATE TABLE "city_branding" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"accent_color" text,
	"logo_type" text,
	"logo_data" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "city_branding" ADD CONSTRAINT "city_branding_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;