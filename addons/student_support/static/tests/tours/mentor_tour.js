import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

// A mentor logs a home visit and a talk for the own case, then asks that the case exit.
registry.category("web_tour.tours").add("student_support_mentor_tour", {
    steps: () => [
        ...ssp.openMenu("student_support.menu_student_support_registry", "student_support.menu_student_home_visit", "家访"),
        {
            content: "Log a home visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Of the mentee",
            trigger: ".o_field_widget[name='student_id'] input",
            run: "edit 李小红",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('李小红')",
            run: "click",
        },
        {
            content: "Write what was found",
            trigger: ".o_field_widget[name='findings'] textarea",
            run: "edit 家中已安装宽带，学生能按时上网课",
        },
        ...ssp.saveForm(),
        {
            content: "Back to the home visits",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb a:contains('家访')",
            run: "click",
        },
        {
            content: "The visit is listed, by the mentor",
            trigger: ".o_list_view .o_data_row .o_data_cell[name='student_id']:contains('李小红')",
        },
        ...ssp.openMenu("student_support.menu_student_support_casework", "student_support.menu_student_case", "重点帮扶对象"),
        {
            content: "The mentor's case, filed with the county",
            trigger: ".o_kanban_group:has(.o_column_title:contains('报县备案')) .o_kanban_record:contains('李小红')",
            run: "click",
        },
        {
            content: "Open the support records",
            trigger: ".o_notebook .nav-link:contains('帮扶记录')",
            run: "click",
        },
        {
            content: "Add a support record",
            trigger: ".o_field_widget[name='support_record_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "A talk, for the mentee's case",
            trigger: ".modal:has(.o_field_widget[name='case_id'] input:value(/^ZD/)) .o_field_widget[name='kind'] input:value(谈心谈话)",
        },
        {
            content: "What was said",
            trigger: ".modal .o_field_widget[name='content'] textarea",
            run: "edit 谈心：期中考试后情绪稳定",
        },
        {
            content: "Save the record",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The talk is listed",
            trigger: ".o_field_widget[name='support_record_ids'] .o_data_row .o_data_cell[name='content']:contains('期中考试后情绪稳定')",
        },
        ...ssp.saveForm(),
        {
            content: "This month's talk is counted",
            trigger: ".o_field_widget[name='talk_count_month']:contains('1')",
        },
        {
            content: "Request the exit",
            trigger: ".o_statusbar_buttons button[name='action_request_exit']",
            run: "click",
        },
        {
            content: "Why the case ends",
            trigger: ".o_form_view .o_field_widget[name='explanation'] textarea",
            run: "edit 成绩和情绪稳定一学期，已达到正常发展",
        },
        ...ssp.saveForm(),
        {
            content: "The request waits in its first stage",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('退出申请')",
        },
    ],
});
