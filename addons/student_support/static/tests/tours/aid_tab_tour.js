import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

// A caseworker opens a student's Aid tab: the totals of each school year, the identifications and every grant.
registry.category("web_tour.tours").add("student_support_aid_tab_tour", {
    steps: () => [
        ...ssp.openMenu("student_support.menu_student_support_registry", "student_support.menu_student_student", "学生"),
        {
            content: "Open the student",
            trigger: ".o_data_row .o_data_cell[name='name']:contains('王小明')",
            run: "click",
        },
        { content: "Open the Aid tab", trigger: ".o_notebook .nav-link:contains('资助')", run: "click" },
        {
            content: "The year's totals: a work-study pay and a temporary subsidy received, the loan apart",
            trigger: ".o_field_widget[name='aid_summary'] tr:contains('2026-2027'):contains('870.00'):contains('6000.00')",
        },
        {
            content: "The grants list every kind with its programme",
            trigger: ".o_field_widget[name='grant_ids'] .o_data_row:contains('勤工助学'):contains('150.00')",
        },
        {
            content: "The loan is listed",
            trigger: ".o_field_widget[name='grant_ids'] .o_data_row:contains('生源地信用助学贷款'):contains('6,000.00')",
        },
    ],
});
