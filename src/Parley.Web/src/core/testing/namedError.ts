/** An error named like the `DOMException`s browsers reject with (`NotAllowedError`, ...). */
export function namedError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}
