from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/documents/", views.document_add, name="document"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/participants/", views.participant_add, name="participant_add"),
]
