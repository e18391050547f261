// Inputs of the two-step sign-in verbs, for the routes and the forms. Pure.
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "./password-rules";

const Password = z.string().min(1, "enter your current password").max(MAX_PASSWORD_LENGTH);
const Code = z.string().trim().min(1, "enter the code").max(40, "a code has at most 40 characters");

/** Turning it on: the password (a borrowed, unlocked browser is not enough) and a code from the app, which proves it was set up. */
export const ConfirmTwoFactorInput = z.strictObject({ currentPassword: Password, code: Code });
export type ConfirmTwoFactorInput = z.input<typeof ConfirmTwoFactorInput>;

/** Turning it off: the password and a code (from the app or a recovery code). */
export const DisableTwoFactorInput = z.strictObject({ currentPassword: Password, code: Code });
export type DisableTwoFactorInput = z.input<typeof DisableTwoFactorInput>;

/** The second step of signing in: the challenge the password step answered with, and a code. */
export const SecondFactorSignInInput = z.strictObject({
  challenge: z.string().min(20, "this sign-in is not complete: enter your password again").max(200),
  code: Code,
});
export type SecondFactorSignInInput = z.input<typeof SecondFactorSignInInput>;
