const RULE = `+${'-'.repeat(70)}+`
const NAME_WIDTH = 28

/**
 * Sections as `dsregcmd /status` prints them: a ruled heading per section, then right-aligned
 * field names and their values.
 */
export function dsregText(sections: Record<string, Record<string, string>>): string {
  const blocks = Object.entries(sections).map(([section, fields]) => {
    const heading = [RULE, `| ${section.padEnd(69)}|`, RULE, ''].join('\n')
    const lines = Object.entries(fields).map(([name, value]) => `${name.padStart(NAME_WIDTH)} : ${value}`)
    return `${heading}\n${lines.join('\n')}\n`
  })
  return blocks.join('\n')
}
