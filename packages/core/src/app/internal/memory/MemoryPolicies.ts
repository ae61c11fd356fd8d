// The in-memory PolicyStore.
import { StoreError } from "../../../kernel/StoreError.js"
import { PolicyStore } from "../../PolicyStore.js"
import { Commit, type MemoryAccess } from "./MemoryDb.js"

export const memoryPolicies = (access: MemoryAccess) => {
  const { read, write } = access
  return PolicyStore.of({
    put: (document) =>
      write((db): Commit<void> | StoreError =>
        db.policies.some(
          (d) =>
            d.scope.dealerGroupId === document.scope.dealerGroupId &&
            d.policyId === document.policyId &&
            d.version === document.version
        )
          ? new StoreError({
              reason: "Duplicate",
              id: `${document.policyId}@${document.version}`,
              message: `Policy ${document.policyId} version ${document.version} is already stored (versions are immutable)`
            })
          : new Commit(undefined, { ...db, policies: [...db.policies, document] })
      ),
    documents: (dealerGroupId) =>
      read((db) => db.policies.filter((d) => d.scope.dealerGroupId === dealerGroupId))
  })
}
