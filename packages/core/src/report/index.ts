/**
 * `@jipan/core/report`: the supervisor's forms and findings.
 *
 * Answers:
 * - What facts do the reports read? (ReportSource)
 * - The daily business report, the prospect progress control table and the customer card form (DailyReport, ProgressControlTable, CustomerCardForm, ReportTable)
 * - What should a supervisor look at today? (Findings)
 * - Which complaints came, and how did the supervisor reply? (ComplaintReplyForm)
 * - What did the consultant plan for the month, and what was done? (VisitPlanReport)
 * - Do the forms agree with each other? (FormConsistency)
 * - Funnels, sources and follow-up effectiveness (Analytics)
 * - How many referral vouchers were issued, redeemed, expired, by month and referrer? (VoucherStatistics)
 *
 * @module
 */
export * from "./Analytics.js"
export * from "./ComplaintReplyForm.js"
export * from "./CustomerCardForm.js"
export * from "./DailyReport.js"
export * from "./Findings.js"
export * from "./FormConsistency.js"
export * from "./ProgressControlTable.js"
export * from "./ReportRows.js"
export * from "./ReportSource.js"
export * from "./ReportTable.js"
export * from "./ShowroomVisit.js"
export * from "./VisitPlanReport.js"
export * from "./VoucherStatistics.js"
