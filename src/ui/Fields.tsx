/** Name–value rows as a definition list, as text; rows whose value is missing or empty are left out. */
export function Fields({ rows }: { rows: ReadonlyArray<readonly [string, string | undefined]> }) {
  return (
    <dl className="fields">
      {rows
        .filter((row): row is readonly [string, string] => Boolean(row[1]))
        .map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  )
}
