import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAccountEvent } from "../accounts/account-events.server";
import { Email, NewPassword, RoleInput } from "../accounts/account.schema";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { hashPassword } from "./password.server";

export const CreateUserInput = z.object({
  email: Email,
  name: z.string().trim().min(1).max(200).optional(),
  role: RoleInput,
  password: NewPassword.optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Creates an account with a password (`sitewatch user create`; actor null = the command line); returns it with the password if one was generated. */
export async function createUser(
  raw: CreateUserInput,
  { actorId = null }: { actorId?: string | null } = {},
): Promise<{
  id: string;
  email: string;
  role: string;
  generatedPassword?: string;
}> {
  const input = CreateUserInput.parse(raw);
  const generatedPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) throw new DomainError("conflict", `an account for ${input.email} already exists`);
    const created = await tx.user.create({ data: { email: input.email, name: input.name ?? input.email.split("@")[0]!, role: input.role, passwordHash } });
    await recordAccountEvent(tx, { actorId, subjectId: created.id, action: "user_created", detail: { role: created.role } });
    return created;
  });
  return { id: user.id, email: user.email, role: user.role, generatedPassword };
}
