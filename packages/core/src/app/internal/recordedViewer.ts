// The viewer as an audit record keeps it: the role, and the consultant's id only when there is
// one (the record's field is absent, never undefined). One mapping for every record written.
import type { Viewer } from "../../kernel/PersonalData.js"

export const recordedViewer = (
  viewer: Viewer
): { readonly role: Viewer["role"]; readonly consultantId?: string } => ({
  role: viewer.role,
  ...(viewer.consultantId === undefined ? {} : { consultantId: viewer.consultantId })
})
