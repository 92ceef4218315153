from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pmi_portal.access.models import User

admin.site.register(User, UserAdmin)
