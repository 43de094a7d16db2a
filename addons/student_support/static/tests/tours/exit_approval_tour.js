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

const EXIT_REQUESTS = ["student_support.menu_student_support_casework", "student_support.menu_student_case_exit", "退出申请"];

// A caseworker takes the mentor's exit request to the collective review and votes there, one of the two
// approvals the school's panel needs (two of three); the request stays in review and the case open.
registry.category("web_tour.tours").add("student_support_exit_approval_tour", {
    steps: () => [
        ...ssp.openMenu(...EXIT_REQUESTS),
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
        {
            content: "The review needs two approvals of the school's panel",
            trigger: ".o_form_view:has(.o_field_widget[name='workflow_vote_count']:contains('0')) .o_field_widget[name='votes_required']:contains('2')",
        },
        ...decide("同意", "集体评议同意退出"),
        {
            content: "One of two approvals: the request stays in collective review",
            trigger: ".o_form_view:has(.o_statusbar_status button.o_arrow_button_current:contains('集体评议')) .o_field_widget[name='workflow_vote_count']:contains('1')",
        },
        ...decide("同意", "再次同意"),
        {
            content: "A second vote of the same member is refused, and the user is told why",
            trigger: ".modal .modal-body:contains('您已在本阶段对')",
        },
        { content: "Close the message", trigger: ".modal:has(.modal-body:contains('您已在本阶段对')) .modal-footer .btn-primary", run: "click" },
        { content: "Cancel the decision", trigger: ".modal footer button:contains('取消')", run: "click" },
        {
            content: "Still one approval, still in review",
            trigger: "body:not(:has(.modal)) .o_form_view:has(.o_statusbar_status button.o_arrow_button_current:contains('集体评议')) .o_field_widget[name='workflow_vote_count']:contains('1')",
        },
        { content: "Open the collective review", trigger: ".o_notebook .nav-link:contains('集体评议')", run: "click" },
        {
            content: "The panel sits on the request: under review",
            trigger: ".o_field_widget[name='review_sitting_ids'] .o_data_row:contains('评议中')",
        },
    ],
});

// The school admin, a member of the panel, gives the second approval: the case exits, the request keeps
// the review as it sat, and the roster shows the mentor's freed place.
registry.category("web_tour.tours").add("student_support_exit_panel_tour", {
    steps: () => [
        ...ssp.openMenu(...EXIT_REQUESTS),
        {
            content: "Open the request in collective review",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='stage_id']:contains('集体评议')) .o_data_cell[name='student_id']:contains('李小红')",
            run: "click",
        },
        ...decide("同意", "同意退出，转入常规关注"),
        {
            content: "The case has exited",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已退出')",
        },
        { content: "Open the collective review", trigger: ".o_notebook .nav-link:contains('集体评议')", run: "click" },
        {
            content: "The panel as it sat: its result",
            trigger: ".o_field_widget[name='review_sitting_ids'] .o_data_row:contains('3 名成员中 2 人同意')",
        },
        ...ssp.openMenu("student_support.menu_student_support_casework", "student_support.menu_student_mentor", "育人导师名册"),
        {
            content: "The mentor carries no case and has every place free again",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='user_id']:contains('test_mentor_a')):has(.o_data_cell[name='case_count']:contains('0')) .o_data_cell[name='free_count']:contains('3')",
        },
    ],
});
