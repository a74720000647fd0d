from django.urls import path

from web.unit import cases, dashboard, inbox, inspection, permits, sheets

app_name = "unit"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("permits", permits.permit_list, name="permits"),
    path("permits.xlsx", sheets.permits_xlsx, name="permits-export"),
    path("permits/<str:permit_no>", permits.permit_page, name="permit"),
    path("permits/<str:permit_no>/card.pdf", permits.permit_card_pdf, name="permit-card"),
    path("permits/<str:permit_no>/loss-report", permits.permit_loss_report, name="permit-loss-report"),
    path("cases", cases.case_list, name="cases"),
    path("cases.xlsx", sheets.cases_xlsx, name="cases-export"),
    path("cases/import", sheets.case_import, name="case-import"),
    path("cases/new", cases.case_new, name="case-new"),
    path("cases/new/<str:case_type>", cases.case_start, name="case-start"),
    path("cases/<int:case_id>", cases.case_page, name="case"),
    path("cases/<int:case_id>/live", cases.case_live, name="case-live"),
    path("cases/<int:case_id>/photo", cases.case_photo_view, name="case-photo"),
    path("cases/<int:case_id>/documents", cases.case_document_upload, name="case-documents"),
    path("cases/<int:case_id>/documents/<int:document_id>", cases.case_document, name="case-document"),
    path("cases/<int:case_id>/check", cases.case_check, name="case-check"),
    path("cases/<int:case_id>/submit", cases.case_submit, name="case-submit"),
    path("cases/<int:case_id>/submitted", cases.case_submitted, name="case-submitted"),
    path("cases/<int:case_id>/withdraw", cases.case_withdraw, name="case-withdraw"),
    path("cases/<int:case_id>/rating", cases.case_rate, name="case-rate"),
    path("cases/<int:case_id>/form.pdf", cases.case_form_pdf, name="case-form"),
    path("cases/<int:case_id>/letter.docx", cases.case_letter_docx, name="case-letter"),
    path("inspection", inspection.inspection, name="inspection"),
    path("inbox", inbox.inbox, name="inbox"),
    path("inbox/<int:notice_id>/read", inbox.notice_read, name="notice-read"),
    path("inbox/settings", inbox.notice_settings, name="notice-settings"),
    path("downloads", inbox.downloads, name="downloads"),
    path("downloads/<str:name>", inbox.download_template, name="download"),
]
