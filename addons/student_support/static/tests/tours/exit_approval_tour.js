import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

function decide(label, comment) {
    const steps = [
        {
            content: `${label} the exit request`,
            trigger: `.o_statusbar_buttons button[name='action_open_decision_wizard']:contains('${label}')`,
            run: "click",
        },
        {
            content: "The decision dialog says what is decided on which request",
            trigger: `.modal .modal-title:contains('${label}'):contains('ZD'):not(:contains('Odoo'))`,
        },
    ];
    if (comment) {
        steps.push({
            content: "Give the committee's comment",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: `edit ${comment}`,
        });
    }
    steps.push({
        content: "Confirm the decision",
        trigger: ".modal footer button[name='action_confirm']",
        run: "click",
    });
    return steps;
}

// A caseworker approves a mentor's exit request in two stages; the roster shows the mentor's freed place.
registry.category("web_tour.tours").add("student_support_exit_approval_tour", {
    steps: () => [
        ...ssp.openMenu("student_support.menu_student_support_casework", "student_support.menu_student_case_exit", "退出申请"),
        {
            content: "Open the mentor's request",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='stage_id']:contains('退出申请')) .o_data_cell[name='student_id']:contains('李小红')",
            run: "click",
        },
        ...decide("同意"),
        {
            content: "The request is in collective review",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('集体评议')",
        },
        ...decide("同意", "集体评议同意退出"),
        {
            content: "The case has exited",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已退出')",
        },
        ...ssp.openMenu("student_support.menu_student_support_casework", "student_support.menu_student_mentor", "育人导师名册"),
        {
            content: "The mentor carries no case and has every place free again",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='user_id']:contains('test_mentor_a')):has(.o_data_cell[name='case_count']:contains('0')) .o_data_cell[name='free_count']:contains('3')",
        },
    ],
});
