// `sitewatch user …`: account administration from the shell, through the same
// lib/accounts verbs as the admin page. The command line acts as the machine's
// owner: its audit events have no actor.
import { getUserByEmailOrThrow } from "@/lib/accounts/account-actor.server";
import { changeUserRole } from "@/lib/accounts/change-user-role.server";
import { deactivateUser } from "@/lib/accounts/deactivate-user.server";
import { issuePasswordReset } from "@/lib/accounts/issue-password-reset.server";
import { listUsers } from "@/lib/accounts/list-users.server";
import { reactivateUser } from "@/lib/accounts/reactivate-user.server";
import { resetTwoFactor } from "@/lib/accounts/reset-two-factor.server";
import { setPasswordFromCli } from "@/lib/accounts/set-password-from-cli.server";
import { createUser } from "@/lib/auth/users.server";
import { parse, UsageError } from "./args";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function runUserCreate(args: string[]): Promise<void> {
  const { values } = parse(args, { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } });
  if (!values.email || !values.role) throw new UsageError("user create needs --email E --role analyst|editor|admin");
  // A password can come on stdin (piped); at a terminal one is generated and shown once.
  const password = process.stdin.isTTY ? "" : await readStdin();
  const created = await createUser({ email: values.email, role: values.role, name: values.name, password: password || undefined });
  console.log(`created ${created.role.toLowerCase()} ${created.email}`);
  if (created.generatedPassword) console.log(`password (shown once): ${created.generatedPassword}`);
}

function needEmail(values: { email?: string }, usage: string): string {
  if (!values.email) throw new UsageError(usage);
  return values.email;
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length) throw new UsageError(`user ${command} takes no bare arguments (got "${positionals[0]}")`);
}

/** The link as a person can open it: with SITEWATCH_PUBLIC_ORIGIN when set, the path alone otherwise. */
function linkFor(path: string): string {
  const origin = process.env.SITEWATCH_PUBLIC_ORIGIN?.replace(/\/$/, "");
  return origin ? `${origin}${path}` : path;
}

export async function runUserList(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  noPositionals(positionals, "list");
  const users = await listUsers();
  if (values.json) {
    console.log(
      JSON.stringify(
        users.map(({ email, name, role, active, status, lastSeenAt, createdAt }) => ({ email, name, role: role.toLowerCase(), active, status, lastSeenAt, createdAt })),
      ),
    );
    return;
  }
  for (const u of users)
    console.log([u.email, u.role.toLowerCase(), u.status, u.lastSeenAt ? `seen ${u.lastSeenAt.slice(0, 16).replace("T", " ")} UTC` : "never seen", u.name].join("\t"));
}

export async function runUserSetRole(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { email: { type: "string" }, role: { type: "string" } });
  noPositionals(positionals, "set-role");
  const usage = "user set-role needs --email E --role analyst|editor|admin";
  const email = needEmail(values, usage);
  if (!values.role) throw new UsageError(usage);
  const user = await getUserByEmailOrThrow(email);
  const updated = await changeUserRole({ actor: null, userId: user.id, input: { role: values.role } });
  console.log(`${updated.email} is ${updated.role.toLowerCase()}`);
}

export async function runUserDeactivate(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { email: { type: "string" } });
  noPositionals(positionals, "deactivate");
  const user = await getUserByEmailOrThrow(needEmail(values, "user deactivate needs --email E"));
  const { sessionsEnded } = await deactivateUser({ actor: null, userId: user.id });
  console.log(`deactivated ${user.email}; ${sessionsEnded} session(s) ended`);
}

export async function runUserReactivate(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { email: { type: "string" } });
  noPositionals(positionals, "reactivate");
  const user = await getUserByEmailOrThrow(needEmail(values, "user reactivate needs --email E"));
  await reactivateUser({ actor: null, userId: user.id });
  console.log(`reactivated ${user.email}`);
}

/**
 * Without --password-stdin: prints a one-time link (24 h; a fresh invitation
 * for someone who never set a password). With it: sets the password read from
 * stdin at once and ends the account's sessions (the way back in for an admin
 * who forgot theirs, with nobody else to send a link).
 */
export async function runUserResetPassword(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { email: { type: "string" }, "password-stdin": { type: "boolean" }, json: { type: "boolean" } });
  noPositionals(positionals, "reset-password");
  const user = await getUserByEmailOrThrow(needEmail(values, "user reset-password needs --email E [--password-stdin] [--json]"));
  if (values["password-stdin"]) {
    if (process.stdin.isTTY) throw new UsageError("--password-stdin reads the password from a pipe: echo … | sitewatch user reset-password --email E --password-stdin");
    const { sessionsEnded } = await setPasswordFromCli({ userId: user.id, password: await readStdin() });
    if (values.json) console.log(JSON.stringify({ email: user.email, passwordSet: true, sessionsEnded }));
    else console.log(`password set for ${user.email}; ${sessionsEnded} session(s) ended`);
    return;
  }
  const link = await issuePasswordReset({ actor: null, userId: user.id });
  if (values.json) console.log(JSON.stringify({ email: link.email, purpose: link.purpose.toLowerCase(), link: linkFor(link.path), expiresAt: link.expiresAt }));
  else {
    console.log(`one-time link for ${link.email} (valid until ${link.expiresAt.slice(0, 16).replace("T", " ")} UTC; shown once):`);
    console.log(linkFor(link.path));
  }
}

/** Turns off someone's two-step sign-in (lost phone and codes): the way back in for an admin with nobody else to do it. */
export async function runUserResetTwoFactor(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { email: { type: "string" } });
  noPositionals(positionals, "reset-two-factor");
  const user = await getUserByEmailOrThrow(needEmail(values, "user reset-two-factor needs --email E"));
  await resetTwoFactor({ actor: null, userId: user.id });
  console.log(`two-step sign-in turned off for ${user.email}; they sign in with their password and can turn it on again`);
}

export async function runUser(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "create":
      return runUserCreate(rest);
    case "list":
      return runUserList(rest);
    case "set-role":
      return runUserSetRole(rest);
    case "deactivate":
      return runUserDeactivate(rest);
    case "reactivate":
      return runUserReactivate(rest);
    case "reset-password":
      return runUserResetPassword(rest);
    case "reset-two-factor":
      return runUserResetTwoFactor(rest);
    default:
      throw new UsageError(`unknown user command "${sub ?? ""}" (create, list, set-role, deactivate, reactivate, reset-password, reset-two-factor)`);
  }
}
