import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const schoolA = ".o_field_widget[name='submission_ids'] .o_data_row:has(.o_data_cell[name='company_id']:contains('School A'))";

function openLatestRound() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Student Support",
            trigger: ".o_app[data-menu-xmlid='student_support.menu_student_support_root']",
            run: "click",
        },
        {
            content: "Open Figures",
            trigger: ".o_menu_sections [data-menu-xmlid='student_support.menu_student_support_figures']",
            run: "click",
        },
        {
            content: "Open the reporting rounds",
            trigger: ".o-dropdown-item[data-menu-xmlid='student_support_reports.menu_student_report_period']",
            run: "click",
        },
        {
            content: "Both rounds of the county are listed, the latest first",
            trigger: ".o_list_view .o_data_row:nth-child(2) .o_data_cell[name='name']:contains('2025-2026')",
        },
        {
            content: "Open the latest round",
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell[name='name']:contains('2026-2027')",
            run: "click",
        },
        {
            content: "The round lists both schools of the county",
            trigger: ".o_field_widget[name='submission_ids']:has(.o_data_cell:contains('School B')) .o_data_cell:contains('School A')",
        },
    ];
}

// A county officer, logging in for the first time, returns a school's submission with a comment.
registry.category("web_tour.tours").add("student_support_county_return_tour", {
    steps: () => [
        ...openLatestRound(),
        {
            content: "School A has submitted: return it",
            trigger: `${schoolA}:has(.o_data_cell[name='state']:contains('已报送')) button[name='action_open_return_dialog']`,
            run: "click",
        },
        {
            content: "The dialog says whose submission goes back",
            trigger: ".modal .modal-title:contains('School A')",
        },
        {
            content: "Write why it goes back",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: "edit 困境学生人数与资助名册不符，请核对后重新报送",
        },
        {
            content: "Return it to the school",
            trigger: ".modal footer button[name='action_return']",
            run: "click",
        },
        {
            content: "The round shows it returned, with the comment",
            trigger: `${schoolA}:has(.o_data_cell[name='state']:contains('已退回')) .o_data_cell[name='county_comment']:contains('请核对后重新报送')`,
        },
    ],
});

// The county officer accepts the resubmitted table and downloads the consolidated workbook.
registry.category("web_tour.tours").add("student_support_county_accept_tour", {
    steps: () => [
        ...openLatestRound(),
        {
            content: "School A has submitted again: accept it",
            trigger: `${schoolA}:has(.o_data_cell[name='state']:contains('已报送')) button[name='action_accept']`,
            run: "click",
        },
        {
            content: "The round shows it accepted",
            trigger: `${schoolA} .o_data_cell[name='state']:contains('已通过')`,
        },
        {
            content: "Open the consolidated workbook",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_print_round']",
            run: "click",
        },
        {
            content: "The dialog is the consolidated workbook's, with both schools",
            trigger: ".modal:has(.modal-title:contains('汇总表')) .o_field_widget[name='school_ids']:has(.o_tag:contains('School B')) .o_tag:contains('School A')",
            run() {
                // record the download the button triggers, then let it run (the server renders the workbook)
                const real = download._download;
                window.sspDownloads = [];
                download._download = async (options) => {
                    window.sspDownloads.push(options);
                    download._download = real;
                    await real(options);
                    window.sspDownloads.done = true;
                };
            },
        },
        {
            content: "Download the workbook",
            trigger: ".modal footer button[name='action_print']",
            run: "click",
        },
        {
            content: "The dialog closes once the workbook is downloaded, which is the round's",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_buttons button[name='action_print_round']",
            async run({ waitUntil }) {
                await waitUntil(() => window.sspDownloads?.done);
                const [url, type] = JSON.parse(window.sspDownloads[0].data.data);
                if (type !== "xlsx" || !/^\/report\/xlsx\/student_support_reports\.report_round_xlsx\/\d+,\d+\?/.test(url)) {
                    throw new Error(`Not the round's workbook of two schools: ${type} ${url}`);
                }
            },
        },
    ],
});
