/**
 * Failures as the pane says them. The pane's own errors are already plain words; a raw
 * validation dump (zod's JSON) never reaches the user.
 */
export function plainError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e ?? "");
  if (/ZodError|^\s*\[\s*\{/.test(text)) return "The input could not be used. Check the fields and try again.";
  return text || "Something went wrong; nothing was written.";
}
