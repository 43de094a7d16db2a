import { registry } from "@web/core/registry";
import { ssp } from "./student_support_tour_utils";

// A class teacher reads the students of the own class with their ID numbers masked only.
registry.category("web_tour.tours").add("student_support_class_teacher_tour", {
    steps: () => [
        ...ssp.openMenu("student_support.menu_student_support_registry", "student_support.menu_student_student", "学生"),
        {
            content: "The list shows the own class's student with a masked ID number",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='name']:contains('王小明')) .o_data_cell[name='national_id_masked']",
            run({ anchor }) {
                if (!/^3208\*{12}\d[\dX]$/.test(anchor.textContent.trim())) {
                    throw new Error(`Not a masked ID number: ${anchor.textContent}`);
                }
                ssp.assertNoFullIdNumber(document.querySelector(".o_list_view").textContent);
            },
        },
        {
            content: "Another class's student is not listed",
            trigger: ".o_list_view:not(:has(.o_data_cell:contains('李小红')))",
        },
        {
            content: "The column is the ID number",
            trigger: ".o_list_view th[data-name='national_id_masked']:contains('身份证号')",
        },
        {
            content: "Open the student",
            trigger: ".o_data_row .o_data_cell[name='name']:contains('王小明')",
            run: "click",
        },
        {
            content: "The form shows the masked ID number only",
            trigger: ".o_form_view .o_field_widget[name='national_id_masked']:contains('3208************')",
            run() {
                if (document.querySelector(".o_form_view .o_field_widget[name='national_id']")) {
                    throw new Error("The form shows the full ID number field");
                }
                ssp.assertNoFullIdNumber(document.querySelector(".o_form_view").textContent);
            },
        },
    ],
});
