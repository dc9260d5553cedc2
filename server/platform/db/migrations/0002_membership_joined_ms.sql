ALTER TABLE "membership" ALTER COLUMN "joined_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "membership" ALTER COLUMN "joined_at" SET DEFAULT now();