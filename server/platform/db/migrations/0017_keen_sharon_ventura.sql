CREATE TABLE "directory_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"organisation_id" uuid,
	"provider_name" text DEFAULT '' NOT NULL,
	"sector" text NOT NULL,
	"service_type" text NOT NULL,
	"target_group" text NOT NULL,
	"city_wide" boolean NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"contact_consent" boolean DEFAULT false NOT NULL,
	"capacity" text DEFAULT '' NOT NULL,
	"hours" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"start_on" date,
	"end_on" date,
	"funding_source" text DEFAULT '' NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"referral_service_id" uuid,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_entry_neighbourhood" (
	"entry_id" uuid NOT NULL,
	"neighbourhood_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	CONSTRAINT "directory_entry_neighbourhood_entry_id_neighbourhood_id_pk" PRIMARY KEY("entry_id","neighbourhood_id")
);
--> statement-breakpoint
CREATE TABLE "directory_service_type" (
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"labels" jsonb NOT NULL,
	"answers" text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_service_type_city_id_code_pk" PRIMARY KEY("city_id","code")
);
--> statement-breakpoint
ALTER TABLE "directory_entry" ADD CONSTRAINT "directory_entry_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entry_neighbourhood" ADD CONSTRAINT "directory_entry_neighbourhood_entry_id_directory_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."directory_entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entry_neighbourhood" ADD CONSTRAINT "directory_entry_neighbourhood_neighbourhood_id_risk_neighbourhood_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."risk_neighbourhood"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_type" ADD CONSTRAINT "directory_service_type_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_entry_ref_idx" ON "directory_entry" USING btree ("city_id","ref");--> statement-breakpoint
CREATE INDEX "directory_entry_city_idx" ON "directory_entry" USING btree ("city_id","service_type");--> statement-breakpoint
CREATE INDEX "directory_entry_neighbourhood_nb_idx" ON "directory_entry_neighbourhood" USING btree ("city_id","neighbourhood_id");