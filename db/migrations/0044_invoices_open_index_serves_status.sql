-- The invoices' index by (status, due date) was one more entry for every invoice issued. Its readers want
-- the open invoices (aging, the overdue filter, payments' "open" list), which the partial index of open
-- invoices by customer holds already; lists of other statuses page by issue date and filter.
DROP INDEX "invoices_status_idx";
