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
