-- An invoice's schedules are found through its lines (invoice_lines_number leads with (tenant_id, invoice_id),
-- then one schedule per line by revenue_schedules_line): the invoice detail was this index's only reader,
-- and a renewal run paid for it on every one of its ~157,000 schedules.
DROP INDEX "revenue_schedules_invoice_idx";
