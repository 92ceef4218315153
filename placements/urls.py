from django.urls import path, re_path

from placements import views

app_name = "placements"

urlpatterns = [
    path("", views.worker_search, name="search"),
    path("queue/", views.queue, name="queue"),
    path("workers/new/", views.worker_register, name="register"),
    path("workers/<int:pk>/", views.worker_detail, name="worker"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path("placements/", views.placement_list, name="placements"),
    re_path(
        r"^placements/export\.(?P<fmt>csv|xlsx)$", views.placement_export, name="placements_export"
    ),
    path("placements/<int:pk>/move/", views.placement_move, name="move"),
    path("placements/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("placements/<int:pk>/history/", views.placement_history, name="history"),
    path("placements/<int:pk>/receipt/", views.placement_receipt, name="receipt"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
]
