/** The server's (or the form's) sentence about what went wrong, announced to screen readers. */
export default function ErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
