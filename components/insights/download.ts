/** Saves text as a file, generated in the page: no request leaves the browser. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL by the time a task has passed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
