import type { Analytics } from "@jipan/core"
import { LeadSource } from "@jipan/core"
import { useEffect, useRef } from "react"
import { useCabinet } from "../context.js"

/**
 * The funnel by source and follow-up effectiveness against the 2/3/5/10/80 curve, drawn with
 * Chart.js (loaded with this view only), each with the same figures as a table for screen readers.
 */
export const Charts = ({ analytics }: { readonly analytics: Analytics }) => {
  const { locale, t } = useCabinet()
  const funnelRef = useRef<HTMLCanvasElement>(null)
  const followRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    let charts: Array<{ destroy: () => void }> = []
    let live = true
    void import("chart.js").then((c) => {
      if (!live || funnelRef.current === null || followRef.current === null) return
      c.Chart.register(
        c.BarController,
        c.BarElement,
        c.LineController,
        c.LineElement,
        c.PointElement,
        c.CategoryScale,
        c.LinearScale,
        c.Legend,
        c.Tooltip
      )
      const funnel = analytics.funnel
      charts = [
        new c.Chart(funnelRef.current, {
          type: "bar",
          data: {
            labels: funnel.map((r) => LeadSource.label(r.source, locale)),
            datasets: [
              { label: t("opened"), data: funnel.map((r) => r.opened), backgroundColor: "#8aa4c8" },
              { label: t("testDriven"), data: funnel.map((r) => r.testDriven), backgroundColor: "#5b7fb0" },
              { label: t("ordered"), data: funnel.map((r) => r.ordered), backgroundColor: "#2f5d8f" },
              { label: t("delivered"), data: funnel.map((r) => r.delivered), backgroundColor: "#143b66" }
            ]
          },
          options: { animation: false, responsive: true, maintainAspectRatio: false }
        }),
        new c.Chart(followRef.current, {
          type: "bar",
          data: {
            labels: analytics.followUp.map((b) => b.label[locale]),
            datasets: [
              {
                type: "bar",
                label: t("share"),
                data: analytics.followUp.map((b) => (b.share ?? 0) * 100),
                backgroundColor: "#b5651d"
              },
              {
                type: "line",
                label: t("reference"),
                data: analytics.followUp.map((b) => (b.referenceShare ?? 0) * 100),
                borderColor: "#222",
                backgroundColor: "#222"
              }
            ]
          },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: { y: { min: 0, max: 100 } }
          }
        })
      ]
    })
    return () => {
      live = false
      for (const ch of charts) ch.destroy()
    }
  }, [analytics, locale, t])
  const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`)
  return (
    <div className="charts">
      <figure>
        <figcaption>{t("funnel")}</figcaption>
        <div className="chart-box">
          <canvas ref={funnelRef} role="img" aria-label={t("funnel")} />
        </div>
        <table className="sr-only">
          <thead>
            <tr>
              <th scope="col">{t("source")}</th>
              <th scope="col">{t("opened")}</th>
              <th scope="col">{t("ordered")}</th>
            </tr>
          </thead>
          <tbody>
            {analytics.funnel.map((r) => (
              <tr key={r.source}>
                <td>{LeadSource.label(r.source, locale)}</td>
                <td>{r.opened}</td>
                <td>{r.ordered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <figure>
        <figcaption>{t("followUp")}</figcaption>
        <div className="chart-box">
          <canvas ref={followRef} role="img" aria-label={t("followUp")} />
        </div>
        <table className="sr-only">
          <thead>
            <tr>
              <th scope="col">{t("kind")}</th>
              <th scope="col">{t("orders")}</th>
              <th scope="col">{t("share")}</th>
              <th scope="col">{t("reference")}</th>
            </tr>
          </thead>
          <tbody>
            {analytics.followUp.map((b) => (
              <tr key={b.id}>
                <td>{b.label[locale]}</td>
                <td>{b.orders}</td>
                <td>{pct(b.share)}</td>
                <td>{pct(b.referenceShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </div>
  )
}
