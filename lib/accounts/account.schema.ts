// Inputs of the account verbs, for the routes, the CLI and the forms. Pure.
import { z } from "zod";
import { ROLES } from "../auth/roles";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

export const Email = z.string().trim().toLowerCase().max(320).email("enter an email address");
/** "analyst", "Editor", "ADMIN" → the Role. */
export const RoleInput = z
  .string()
  .transform((r) => r.trim().toUpperCase())
  .pipe(z.enum(ROLES, { message: "role must be analyst, editor or admin" }));
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `a password may have at most ${MAX_PASSWORD_LENGTH} characters`);

export const InviteUserInput = z.strictObject({
  email: Email,
  name: z.string().trim().min(1, "enter the person's name").max(200),
  role: RoleInput,
});
export type InviteUserInput = z.input<typeof InviteUserInput>;

export const ChangeRoleInput = z.strictObject({ role: RoleInput });
export type ChangeRoleInput = z.input<typeof ChangeRoleInput>;

/** Deactivate, reactivate, reset: nothing to say, but the body must be an object (a stray request changes nothing). */
export const EmptyInput = z.strictObject({});

export const SetPasswordWithTokenInput = z.strictObject({
  token: z.string().min(20, "this link is not complete: copy the whole link").max(200),
  password: NewPassword,
});
export type SetPasswordWithTokenInput = z.input<typeof SetPasswordWithTokenInput>;

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, "enter your current password").max(MAX_PASSWORD_LENGTH),
  newPassword: NewPassword,
});
export type ChangePasswordInput = z.input<typeof ChangePasswordInput>;

export const SignOutEverywhereInput = z.strictObject({
  /** Keep the session of the browser asking (end only the others). */
  keepThisBrowser: z.boolean().default(false),
});
export type SignOutEverywhereInput = z.input<typeof SignOutEverywhereInput>;
