import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

function currentState(label) {
    return {
        content: `The wish is ${label}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current:contains('${label}')`,
    };
}

// A mentor records the wish a student chose from the service menu, follows it and marks it fulfilled.
registry.category("web_tour.tours").add("student_support_wish_list_tour", {
    steps: () => [
        ...ssp.openMenu("student_support.menu_student_support_casework", "student_support.menu_student_wish_item", "心愿单"),
        { content: "New wish", trigger: ".o_list_button_add", run: "click" },
        { content: "For the mentee's case", trigger: ".o_field_widget[name='case_id'] input", run: "edit ZD" },
        { trigger: ".o-autocomplete--dropdown-item a:contains('ZD')", run: "click" },
        { content: "The service chosen", trigger: ".o_field_widget[name='service_id'] input", run: "edit 数学" },
        { trigger: ".o-autocomplete--dropdown-item a:contains('一对一数学辅导')", run: "click" },
        {
            content: "Chosen by the student, for the mentee",
            trigger: ".o_form_view:has(.o_field_widget[name='student_id']:contains('李小红')) .o_field_widget[name='chosen_by'] input:value(学生)",
        },
        {
            content: "What the student hopes for",
            trigger: ".o_field_widget[name='wish'] textarea",
            run: "edit 希望数学能跟上班级进度",
        },
        ...ssp.saveForm(),
        currentState("已申请"),
        { content: "Start it", trigger: ".o_statusbar_buttons button[name='action_start']", run: "click" },
        currentState("办理中"),
        {
            content: "Write the outcome",
            trigger: ".o_field_widget[name='outcome'] textarea",
            run: "edit 每周两次辅导，期末数学及格",
        },
        { content: "Mark it fulfilled", trigger: ".o_statusbar_buttons button[name='action_deliver']", run: "click" },
        currentState("已完成"),
        { content: "Back to the wish lists", trigger: ".o_breadcrumb a:contains('心愿单')", run: "click" },
        {
            content: "The fulfilled wish is no longer open",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('一对一数学辅导')))",
        },
    ],
});
