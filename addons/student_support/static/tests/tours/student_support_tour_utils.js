import { stepUtils } from "@web_tour/tour_utils";

/** Steps shared by the Student Support tours: open the app and a menu as a user does. */
export const ssp = {
    /** Open the Student Support app from the apps menu, then a menu of its navbar, and wait for the
     * window titled ``title`` (the app's first window may still be showing). */
    openMenu(sectionXmlid, itemXmlid, title) {
        const steps = [
            stepUtils.showAppsMenuItem(),
            {
                content: "Open Student Support",
                trigger: ".o_app[data-menu-xmlid='student_support.menu_student_support_root']",
                run: "click",
            },
            {
                content: "Open the menu section",
                trigger: `.o_menu_sections [data-menu-xmlid='${sectionXmlid}']`,
                run: "click",
            },
        ];
        if (itemXmlid) {
            steps.push({
                content: "Open the menu item",
                trigger: `.o-dropdown-item[data-menu-xmlid='${itemXmlid}']`,
                run: "click",
            });
        }
        steps.push({
            content: `The window ${title} is open`,
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains('${title}')`,
        });
        return steps;
    },

    /** Choose ``label`` (exactly) in the selection field ``name`` (a SelectMenu), within ``scope``. */
    selectMenu(name, label, scope = ".o_form_view") {
        return [
            {
                content: `Open the choices of ${name}`,
                trigger: `${scope} .o_field_widget[name='${name}'] input`,
                run: "click",
            },
            {
                content: `Choose ${label}`,
                trigger: `.o_select_menu_item:text(${label})`,
                run: "click",
            },
            {
                content: `${label} is chosen`,
                trigger: `${scope} .o_field_widget[name='${name}'] input:value(${label})`,
            },
        ];
    },

    /** Save the form and wait until it is saved. */
    saveForm() {
        return stepUtils.saveForm();
    },

    /** Fail the tour when ``text`` shows a full (unmasked) national ID number. */
    assertNoFullIdNumber(text) {
        const full = text.match(/\b\d{17}[\dX]\b/);
        if (full) {
            throw new Error(`A full ID number is shown: ${full[0]}`);
        }
    },
};
