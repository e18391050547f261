// TOTP (RFC 6238) through otplib: we only call it, no crypto of our own.
// SHA-1, 6 digits, 30-second steps: what every authenticator app reads from
// an otpauth:// URI without asking.
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { TOTP_ISSUER, TOTP_TOLERANCE_S } from "../accounts/two-factor-rules";

/** A new random secret (160 bits), base32. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri({ secret, email }: { secret: string; email: string }): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The otpauth:// URI as an SVG QR code (a string of markup, drawn by the qrcode package). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The time step a code matches (now, or one step either side), or null when it matches none. */
export async function matchTotp({ secret, code, now = new Date() }: { secret: string; code: string; now?: Date }): Promise<number | null> {
  const result = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: TOTP_TOLERANCE_S });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/** The current code for a secret (tests and the CLI's checks). */
export function currentTotp({ secret, now = new Date() }: { secret: string; now?: Date }): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
