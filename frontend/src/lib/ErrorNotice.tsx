import { ApiError, NetworkError } from "../api/client";

/** The text to show for an error: the server's own `detail` when it gave one. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.signedOut) return "You are signed out: sign in again (your work is kept on this computer).";
  if (error instanceof ApiError) return error.detail;
  if (error instanceof NetworkError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorNotice({ error }: { error: unknown }) {
  return (
    <p class="error-notice" role="alert">
      {errorText(error)}
    </p>
  );
}
