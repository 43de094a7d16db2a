import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

const CONFIG = "student_support.menu_student_support_config";

// A school admin adds a choice field to the key-support form, copies the workflow (its collective review
// decided by the school's panel), sets up the panel, and adds a service to the school's service menu.
registry.category("web_tour.tours").add("student_support_school_admin_tour", {
    steps: () => [
        // the school's own key-support form, with a choice field
        ...ssp.openMenu(CONFIG, "student_support.menu_student_form_template", "表单"),
        { content: "New form", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit 重点帮扶对象申请表",
        },
        ...ssp.selectMenu("res_model", "重点帮扶对象"),
        {
            content: "Add a field",
            trigger: ".o_field_widget[name='field_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Its label",
            trigger: ".modal .o_field_widget[name='label'] input",
            run: "edit 户籍所在地",
        },
        ...ssp.selectMenu("field_type", "单选", ".modal"),
        ...["城镇", "农村"].flatMap((choice) => [
            {
                content: `Add the choice ${choice}`,
                trigger: ".modal .o_field_widget[name='choice_ids'] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                content: `Name it ${choice}`,
                trigger: ".modal .o_field_widget[name='choice_ids'] .o_selected_row .o_field_widget[name='name'] input",
                run: `edit ${choice}`,
            },
        ]),
        { content: "Save the field", trigger: ".modal .o_form_button_save", run: "click" },
        {
            content: "The field is on the form",
            trigger: ".o_field_widget[name='field_ids'] .o_data_row .o_data_cell[name='label']:contains('户籍所在地')",
        },
        ...ssp.saveForm(),
        {
            content: "The form is the school's",
            trigger: ".o_field_widget[name='company_id'] input:value(School A)",
        },
        // the school's own workflow: a copy of the default one, collective review by two approvals
        ...ssp.openMenu(CONFIG, "student_support.menu_student_workflow", "流程"),
        {
            content: "Open the key-support process",
            trigger: ".o_group_name:contains('重点帮扶对象'):not(:contains('退出'))",
            run: "click",
        },
        {
            content: "Open the default template",
            trigger: ".o_data_row .o_data_cell[name='name']:contains('默认模板')",
            run: "click",
        },
        {
            content: "Copy it to the school",
            trigger: ".o_statusbar_buttons button[name='action_copy_to_school']",
            run: "click",
        },
        {
            content: "The copy is named after the school",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(重点帮扶对象认定流程（School A）)",
        },
        {
            content: "Open the collective review stage",
            trigger: ".o_field_widget[name='stage_ids'] .o_data_row .o_data_cell[name='name']:contains('集体评议')",
            run: "click",
        },
        {
            content: "The school's collective review panel decides: no number of approvals on the stage",
            trigger: ".modal .o_field_widget[name='approver_type'] input:value(本校集体评议小组)",
        },
        {
            content: "The stage says the panel's own number applies",
            trigger: ".modal .o_form_view:not(:has(.o_field_widget[name='votes_required'])):contains('集体评议小组')",
        },
        {
            content: "Ten days for the review",
            trigger: ".modal .o_field_widget[name='deadline_days'] input",
            run: "edit 10",
        },
        { content: "Save the stage", trigger: ".modal .o_form_button_save", run: "click" },
        {
            content: "The stage has its deadline",
            trigger: ".o_field_widget[name='stage_ids'] .o_data_row:has(.o_data_cell[name='name']:contains('集体评议')) .o_data_cell[name='deadline_days']:contains('10')",
        },
        ...ssp.saveForm(),
        // the school's collective review panel: three members, at least a majority to approve
        ...ssp.openMenu(CONFIG, "student_support.menu_student_review_panel", "集体评议小组"),
        { content: "New panel", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Add members",
            trigger: ".o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "School B's staff are not offered",
            trigger: ".modal .o_list_view:contains('test_caseworker_a'):not(:contains('test_caseworker_b'))",
        },
        ...["test_caseworker_a", "test_counsellor_a", "test_school_admin_a"].map((login) => ({
            content: `Choose ${login}`,
            trigger: `.modal .o_data_row:has(.o_data_cell:contains('${login}')) .o_list_record_selector input`,
            run: "click",
        })),
        { content: "Select them", trigger: ".modal .o_select_button", run: "click" },
        {
            content: "Three members, two of whom must approve (a majority)",
            trigger: ".o_form_view:has(.o_field_widget[name='member_count']:contains('3')) .o_field_widget[name='votes_required'] input:value(2)",
        },
        {
            content: "One approval is below a majority",
            trigger: ".o_field_widget[name='votes_required'] input",
            run: "edit 1",
        },
        { content: "Try to save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Refused, naming the field",
            trigger: ".modal .modal-body:contains('所需同意人数'):contains('过半数')",
        },
        {
            content: "Close the message",
            trigger: ".modal:has(.modal-body:contains('所需同意人数')) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Two approvals",
            trigger: ".o_field_widget[name='votes_required'] input",
            run: "edit 2",
        },
        ...ssp.saveForm(),
        // a service on the school's menu
        ...ssp.openMenu(CONFIG, "student_support.menu_student_service_config", "救助清单"),
        { content: "New service", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit 一对一数学辅导",
        },
        {
            content: "Its category",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit 学业",
        },
        { trigger: ".o-autocomplete--dropdown-item a:contains('学业辅导')", run: "click" },
        {
            content: "Its places",
            trigger: ".o_field_widget[name='capacity'] input",
            run: "edit 4",
        },
        ...ssp.saveForm(),
        {
            content: "Back to the service menu",
            trigger: ".o_breadcrumb a:contains('救助清单')",
            run: "click",
        },
        {
            content: "The menu lists it under its category",
            trigger: ".o_list_view .o_group_name:contains('学业辅导')",
            run: "click",
        },
        {
            content: "The service is on the menu with its places",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='capacity']:contains('4')) .o_data_cell[name='name']:contains('一对一数学辅导')",
        },
    ],
});
