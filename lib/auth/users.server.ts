import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password.server";
import { ROLES } from "./roles";

export const CreateUserInput = z.object({
  email: z.string().trim().toLowerCase().email("not an email address"),
  name: z.string().trim().min(1).max(200).optional(),
  role: z
    .string()
    .transform((r) => r.toUpperCase())
    .pipe(z.enum(ROLES, { message: "role must be analyst, editor or admin" })),
  password: z.string().min(MIN_PASSWORD_LENGTH, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(1024).optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Creates an account; returns it with the password if one was generated. */
export async function createUser(raw: CreateUserInput): Promise<{ id: string; email: string; role: string; generatedPassword?: string }> {
  const input = CreateUserInput.parse(raw);
  const generatedPassword = input.password ? undefined : generatePassword();
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw new DomainError("conflict", `an account for ${input.email} already exists`);
  const user = await db.user.create({
    data: {
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      role: input.role,
      passwordHash: await hashPassword(input.password ?? generatedPassword!),
    },
  });
  return { id: user.id, email: user.email, role: user.role, generatedPassword };
}
