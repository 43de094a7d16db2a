import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

const CASES = ["student_support.menu_student_support_casework", "student_support.menu_student_case", "重点帮扶对象"];

function decide(comment) {
    const steps = [
        {
            content: "Approve",
            trigger: ".o_statusbar_buttons button[name='action_open_decision_wizard']:contains('同意')",
            run: "click",
        },
        { content: "The dialog is the approval's", trigger: ".modal .modal-title:contains('同意')" },
    ];
    if (comment) {
        steps.push({
            content: "Give the comment",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: `edit ${comment}`,
        });
    }
    steps.push({ content: "Confirm", trigger: ".modal footer button[name='action_confirm']", run: "click" });
    return steps;
}

function currentStage(name) {
    return {
        content: `The case is at stage ${name}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current:contains('${name}')`,
    };
}

// A caseworker opens a case on the school's form, moves it to the collective review and votes once (the
// school's panel: two of three); a second vote of the same person is refused with a message.
registry.category("web_tour.tours").add("student_support_case_caseworker_tour", {
    steps: () => [
        ...ssp.openMenu(...CASES),
        { content: "New case", trigger: ".o_control_panel .o-kanban-button-new", run: "click" },
        { content: "The student", trigger: ".o_field_widget[name='student_id'] input", run: "edit 王小明" },
        { trigger: ".o-autocomplete--dropdown-item a:contains('王小明')", run: "click" },
        { content: "The mentor", trigger: ".o_field_widget[name='mentor_id'] input", run: "edit test_mentor_a" },
        { trigger: ".o-autocomplete--dropdown-item a:contains('test_mentor_a')", run: "click" },
        ...ssp.selectMenu("applicant_role", "家长"),
        {
            content: "The school's own field",
            trigger: ".o_field_widget[name='form_properties'] .o_property_field:contains('户籍所在地') select",
            run: "selectByLabel 农村",
        },
        {
            content: "The facts",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit 父亲重病，家庭收入骤减",
        },
        ...ssp.saveForm(),
        currentStage("申请"),
        ...decide(),
        currentStage("集体评议"),
        {
            content: "The review needs two approvals",
            trigger: ".o_form_view:has(.o_field_widget[name='workflow_vote_count']:contains('0')) .o_field_widget[name='votes_required']:contains('2')",
        },
        ...decide("家庭困难属实，同意"),
        {
            content: "One of two approvals is given",
            trigger: ".o_form_view .o_field_widget[name='workflow_vote_count']:contains('1')",
        },
        currentStage("集体评议"),
        ...decide("再次同意"),
        {
            content: "The second vote is refused, and the user is told why",
            trigger: ".modal .modal-body:contains('您已在本阶段对')",
        },
        { content: "Close the message", trigger: ".modal:has(.modal-body:contains('您已在本阶段对')) .modal-footer .btn-primary", run: "click" },
        { content: "Cancel the decision", trigger: ".modal footer button:contains('取消')", run: "click" },
        {
            content: "Still one approval",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name='workflow_vote_count']:contains('1')",
        },
    ],
});

// The school admin, a member of the panel, gives the second approval, the case shows the review as it sat,
// and he confirms the case: it is filed with the county.
// The kanban shows the school's own stages first; an older case on the template is in a column named
// after the template.
registry.category("web_tour.tours").add("student_support_case_school_admin_tour", {
    steps: () => [
        ...ssp.openMenu(...CASES),
        {
            content: "The school's own stages come first",
            trigger: ".o_kanban_group:first-child .o_column_title:contains('申请'):not(:contains('·'))",
        },
        {
            content: "The older case is in the template's column, named after the template",
            trigger: ".o_kanban_group:has(.o_column_title:contains('申请 · 重点帮扶对象认定流程（默认模板）')) .o_kanban_record:contains('李小红')",
        },
        {
            content: "Open the case in collective review",
            trigger: ".o_kanban_group:has(.o_column_title:contains('集体评议'):not(:contains('·'))) .o_kanban_record:contains('王小明')",
            run: "click",
        },
        ...decide("同意"),
        currentStage("学校认定"),
        { content: "Open the collective review", trigger: ".o_notebook .nav-link:contains('集体评议')", run: "click" },
        {
            content: "The panel as it sat: its result",
            trigger: ".o_field_widget[name='review_sitting_ids'] .o_data_row:contains('3 名成员中 2 人同意')",
        },
        ...decide(),
        currentStage("报县备案"),
        {
            content: "The case is confirmed",
            trigger: ".o_form_view .o_field_widget[name='workflow_state']:contains('已同意')",
        },
    ],
});
