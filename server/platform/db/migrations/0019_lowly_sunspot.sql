CREATE TABLE "risk_matrix" (
	"city_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"likelihood_size" integer NOT NULL,
	"impact_size" integer NOT NULL,
	"bands" jsonb NOT NULL,
	"labels" jsonb NOT NULL,
	"reason" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_matrix_city_id_version_pk" PRIMARY KEY("city_id","version")
);
--> statement-breakpoint
CREATE TABLE "risk_publication" (
	"risk_id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"public_title" text NOT NULL,
	"public_summary" text NOT NULL,
	"name_neighbourhoods" boolean DEFAULT false NOT NULL,
	"approved_by" text,
	"approved_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk" ADD COLUMN "matrix_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_perspective" ADD COLUMN "matrix_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_score_change" ADD COLUMN "matrix_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_matrix" ADD CONSTRAINT "risk_matrix_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_publication" ADD CONSTRAINT "risk_publication_risk_id_risk_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_publication" ADD CONSTRAINT "risk_publication_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;