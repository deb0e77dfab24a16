/**
 * The request target (path and query) of an absolute request URL, without parsing all of it:
 * this runs on every request.
 */
export const requestTargetOf = (url: string) => {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start);
};
