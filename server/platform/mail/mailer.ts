import nodemailer from 'nodemailer';

export interface Mailer {
  /** True when mail really leaves the machine (SMTP configured). */
  readonly configured: boolean;
  send(message: { to: string; subject: string; text: string }): Promise<boolean>;
}

/** SMTP through nodemailer when LPN_SMTP_URL is set; otherwise a mailer that sends nothing and says so. */
export function createMailer(options: { smtpUrl?: string; from: string }): Mailer {
  if (!options.smtpUrl) {
    return { configured: false, send: async () => false };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    configured: true,
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
      return true;
    },
  };
}
