from django.urls import path

from web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("verify", views.verify, name="verify"),
    path("verify/qr/<str:token>", views.verify_qr, name="verify-qr"),
]
