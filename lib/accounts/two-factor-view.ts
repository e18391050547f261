// What the two-step sign-in routes and the account page return. Pure. The
// secret is in TwoFactorEnrolmentView only, which is answered once, to the
// person enrolling; no view or route shows it afterwards.

export interface TwoFactorStatusView {
  enabled: boolean;
  /** When it was turned on. */
  enabledAt: string | null;
  /** Recovery codes not yet used (0 when off). */
  recoveryCodesLeft: number;
}

/** Shown once when enrolment starts: scan the QR code or type the secret into an authenticator app. */
export interface TwoFactorEnrolmentView {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/…, what the QR code holds. */
  otpauthUri: string;
  /** The QR code as SVG markup. */
  qrSvg: string;
}

/** The answer to the password step when the account has two-step sign-in on: no session yet. */
export interface SecondFactorNeeded {
  needsSecondFactor: true;
  /** Give it back with the code to /api/auth/second-factor; single use. */
  challenge: string;
  expiresAt: string;
}
