from django.urls import include, path

from web import accounts, registration, views
from web.public.progress import progress_page

urlpatterns = [
    path("", views.home, name="home"),
    path("verify", views.verify, name="verify"),
    path("verify/qr/<str:token>", views.verify_qr, name="verify-qr"),
    path("progress", progress_page, name="progress"),
    path("materials", views.materials, name="materials"),
    path("policy", views.policy, name="policy"),
    path("window-hours", views.window_calendar, name="window-calendar"),
    path("login", accounts.sign_in, name="login"),
    path("logout", accounts.sign_out, name="logout"),
    path("password", accounts.password_change, name="password-change"),
    path("register", registration.register, name="register"),  # the four steps: 单位信息,
    path("register/operator", registration.register, {"n": 1}, name="register-operator"),  # 经办人,
    path("register/account", registration.register, {"n": 2}, name="register-account"),  # 账号,
    path("register/confirm", registration.register_confirm, name="register-confirm"),  # 确认
    path("register/check/<str:field>", registration.register_check, name="register-check"),
    path("register/done", registration.register_done, name="register-done"),
    path(
        "register/done/unit-registration-application.docx",
        registration.register_done_template,
        name="register-done-template",
    ),
    path("unit/", include("web.unit.urls")),
    path("office/", include("web.office.urls")),
]
