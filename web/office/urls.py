"""The officials' workbench, mounted at /office/ (web.urls)."""

from django.urls import path

from web.office import audit, penalties, permits, stats, units, views
from web.office import search as office_search  # the box on every page (templates/office/_search.html)

app_name = "office"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("search", office_search.search, name="search"),
    path("queue.xlsx", views.queue_export, name="queue-export"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/review", views.case_review, name="case-review"),
    path("cases/<int:case_id>/approval", views.case_approval, name="case-approval"),
    path("cases/<int:case_id>/collection", views.case_collection, name="case-collection"),
    path("cases/<int:case_id>/photo", views.case_photo_view, name="case-photo"),
    path("cases/<int:case_id>/documents/<int:document_id>", views.case_document, name="case-document"),
    path("cases/<int:case_id>/form.pdf", permits.case_form_pdf, name="case-form"),
    path("cases/<int:case_id>/card.pdf", permits.case_card_pdf, name="case-card"),
    path("permits/<str:permit_no>/", permits.permit_page, name="permit"),
    path("permits/<str:permit_no>/card.pdf", permits.permit_card_pdf, name="permit-card"),
    path("permits/<str:permit_no>/loss-report", permits.permit_loss_report, name="permit-loss-report"),
    path(
        "permits/<str:permit_no>/loss-report/withdraw",
        permits.permit_loss_withdraw,
        name="permit-loss-withdraw",
    ),
    path("late-cancellations/", views.late_cancellations, name="late-cancellations"),
    path("omitted-cancellations/", views.omitted_cancellations, name="omitted-cancellations"),
    path("units/", units.pending_units, name="units"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit"),
    path("units/<int:unit_id>/verify", units.unit_verify, name="unit-verify"),
    path("units/<int:unit_id>/unfreeze", units.unit_unfreeze, name="unit-unfreeze"),
    path("units/<int:unit_id>/operator-password-reset", units.unit_operator_password,
         name="unit-operator-password"),
    path("frozen-units/", units.frozen_units, name="frozen-units"),
    path("frozen-permits/", units.frozen_permits, name="frozen-permits"),
    path("frozen-permits/<str:permit_no>/unfreeze", units.permit_unfreeze_view, name="permit-unfreeze"),
    path("penalties/", penalties.penalties, name="penalties"),
    path("penalties/impose", penalties.penalty_impose, name="penalty-impose"),
    path("penalties/<int:penalty_id>/lift", penalties.penalty_lift, name="penalty-lift"),
    path("investigations/", penalties.investigations, name="investigations"),
    path("investigations/new", penalties.investigation_start, name="investigation-start"),
    path("investigations/<int:investigation_id>/", penalties.investigation, name="investigation"),
    path("investigations/<int:investigation_id>/findings", penalties.finding_record, name="finding-record"),
    path("stats", stats.stats, name="stats"),
    path("stats.xlsx", stats.stats_export, name="stats-export"),
    path("audit/", audit.audit_log, name="audit"),
]
