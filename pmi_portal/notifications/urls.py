from django.urls import path

from pmi_portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unread/", views.unread, name="unread"),
    path("read-all/", views.notifications_mark_all_read, name="read_all"),
    path("settings/", views.preferences, name="preferences"),
    path("office/", views.office_settings, name="office"),
    path("failed/", views.failed, name="failed"),
    path("failed/<int:pk>/resend/", views.resend, name="resend"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_mark_read, name="read"),
]
