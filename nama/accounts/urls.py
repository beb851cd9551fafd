from django.urls import path

from nama.accounts import views
from nama.accounts.decorators import verified_staff_required

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path(
        "password/",
        verified_staff_required(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path("workspace/", views.workspace, name="workspace"),
]
