import { LeadSource } from "@jipan/core"
import type { CardTile } from "../backend/CabinetBackend.js"
import { linkTo, useCabinet } from "../context.js"
import { customerName, maskPhone } from "../names.js"

/** A card as a paper-like tile; a click (or Enter) opens the card. */
export const Tile = ({ tile }: { readonly tile: CardTile }) => {
  const { locale } = useCabinet()
  const grade = tile.status === "ordered" ? "O" : (tile.grade ?? "N")
  return (
    <li className={`tile grade-${grade}`}>
      <a {...linkTo(`#/card/${tile.cardId}`)} data-card={tile.cardId}>
        <span className="tile-grade" aria-hidden="true">
          {grade}
        </span>
        <span className="tile-name">{customerName(tile.customerId)}</span>
        <span className="tile-line">
          {maskPhone(tile.phone)} · {tile.model ?? "—"}
        </span>
        <span className="tile-line">
          {tile.source === undefined ? "" : LeadSource.label(tile.source as LeadSource, locale)} ·{" "}
          {tile.nextContactDue ?? ""}
        </span>
        <span className="sr-only">
          {grade} {tile.cardId}
        </span>
      </a>
    </li>
  )
}
