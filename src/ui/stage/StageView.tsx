export function StageView() {
  return null
}
