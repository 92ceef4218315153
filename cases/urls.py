from django.urls import path, re_path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.case_export, name="export"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/transition/", views.case_transition, name="transition"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
    path("<int:pk>/transfer/", views.case_transfer, name="transfer"),
    path("<int:pk>/note/", views.case_note, name="note"),
    path("<int:pk>/referral/", views.referral_add, name="referral"),
    path("<int:pk>/legal-step/", views.legal_step_add, name="legal_step"),
    path("<int:pk>/party/", views.party_add, name="party"),
    path("<int:pk>/document/", views.document_add, name="document"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("from-arrival/<int:pk>/", views.open_from_arrival, name="open_from_arrival"),
    path(
        "from-interception/<int:pk>/", views.open_from_interception, name="open_from_interception"
    ),
]
