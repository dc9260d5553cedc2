CREATE TABLE "city_network" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "city_network_analyst" (
	"network_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_network_analyst_network_id_user_id_pk" PRIMARY KEY("network_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "city_network_import" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"network_name" text NOT NULL,
	"publisher_city_name" text NOT NULL,
	"version" integer NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"content" jsonb NOT NULL,
	"imported_by" text,
	"imported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_network_import_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "city_network_member" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"named" boolean DEFAULT false NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp (3) with time zone,
	CONSTRAINT "city_network_member_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "city_network_template" (
	"city_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_by" text,
	"published_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_network_template_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "city_network_analyst" ADD CONSTRAINT "city_network_analyst_network_id_city_network_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."city_network"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_analyst" ADD CONSTRAINT "city_network_analyst_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_import" ADD CONSTRAINT "city_network_import_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_member" ADD CONSTRAINT "city_network_member_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_member" ADD CONSTRAINT "city_network_member_network_id_city_network_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."city_network"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_template" ADD CONSTRAINT "city_network_template_city_id_city_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."city"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_network_template" ADD CONSTRAINT "city_network_template_network_id_city_network_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."city_network"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "city_network_member_network_idx" ON "city_network_member" USING btree ("network_id","left_at");--> statement-breakpoint
CREATE UNIQUE INDEX "city_network_member_active_idx" ON "city_network_member" USING btree ("city_id","network_id") WHERE left_at is null;--> statement-breakpoint
CREATE INDEX "city_network_template_network_idx" ON "city_network_template" USING btree ("network_id","published_at");