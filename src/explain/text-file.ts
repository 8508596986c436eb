/**
 * A text file's bytes as a string. `dsregcmd /status > status.txt` in Windows PowerShell 5 writes
 * UTF-16LE with a byte-order mark, cmd.exe writes the OEM code page (ASCII for this output), and
 * PowerShell 7 UTF-8: all three read right here.
 */
export function decodeTextFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  return new TextDecoder('utf-8').decode(bytes)
}
