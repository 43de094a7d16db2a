import { registry } from "@web/core/registry";

// report_xlsx's handler, when it closes the dialog after the download (close_on_report_download),
// answers what closing the dialog returns (nothing): the web client then takes the xlsx report for
// one no handler ran, and logs an error. An xlsx report the handler ran is handled.
const handlers = registry.category("ir.actions.report handlers");
const xlsxHandler = handlers.get("xlsx_handler");
handlers.add(
    "xlsx_handler",
    async (action, options, env) =>
        (await xlsxHandler(action, options, env)) || action.report_type === "xlsx",
    { force: true }
);
