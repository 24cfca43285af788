from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("rq/", include("django_rq.urls")),
    path("", include("assistant.urls")),
    path("", include("evalbench.urls")),
    path("", include("training.urls")),
    path("", include("simulations.urls")),
]


def bad_request(request, exception=None):
    """400 as a page a user can act on: a body over DATA_UPLOAD_MAX_MEMORY_SIZE says so."""
    from django.core.exceptions import RequestDataTooBig
    from django.shortcuts import render

    too_big = isinstance(exception, RequestDataTooBig)
    return render(request, "400.html", {"too_big": too_big}, status=413 if too_big else 400)


def server_error(request):
    from django.shortcuts import render

    return render(request, "500.html", status=500)


handler400 = bad_request
handler500 = server_error
