import { useState } from 'react'

/** Copies text to the clipboard and says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState<'copied' | 'failed'>()
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setResult('copied'),
      () => setResult('failed'),
    )
  return (
    <button type="button" className="copy" onClick={() => void copy()}>
      {label}
      <span className="copy-result" role="status">
        {result === 'copied' ? ' ✓ copied' : result === 'failed' ? ' (copy refused)' : ''}
      </span>
    </button>
  )
}
