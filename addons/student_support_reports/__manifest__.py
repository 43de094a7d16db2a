{
    "name": "Student Support Reports",
    "summary": "Official report templates (xlsx/PDF) and county consolidation for Student Support",
    "version": "19.0.1.6.0",
    "category": "Education",
    "license": "LGPL-3",
    "author": "Student Support Platform contributors",
    "website": "https://github.com/student-support-platform",
    "depends": ["student_support", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/student_report_security.xml",
        "views/student_report_views.xml",
        "views/res_company_views.xml",
        "views/student_screening_views.xml",
        "views/student_case_views.xml",
        "report/student_report_actions.xml",
        "report/student_support_record_report.xml",
        "report/student_case_review_report.xml",
        "report/student_growth_archive.xml",
        "report/student_identification_notice.xml",
        "report/student_annual_summary.xml",
        "data/res_users_data.xml",
    ],
    "demo": [
        "demo/student_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "student_support_reports/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
}
