from django.urls import include, path

from web import accounts, views

urlpatterns = [
    path("", views.home, name="home"),
    path("verify", views.verify, name="verify"),
    path("verify/qr/<str:token>", views.verify_qr, name="verify-qr"),
    path("materials", views.materials, name="materials"),
    path("policy", views.policy, name="policy"),
    path("window-hours", views.window_calendar, name="window-calendar"),
    path("login", accounts.sign_in, name="login"),
    path("logout", accounts.sign_out, name="logout"),
    path("unit/", include("web.unit.urls")),
    path("office/", include("web.office.urls")),
]
