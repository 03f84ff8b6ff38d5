/**
 * Hands `blob` to the browser as a download named `filename` (a link cannot carry the admin token,
 * so exports are fetched first). The object URL is released a minute later, once the browser has
 * read it.
 */
export function saveDownload(blob: Blob, filename: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
