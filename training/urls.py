from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.index, name="training"),
    path("training/build/", views.build, name="training_build"),
    path("training/start/", views.start, name="training_start"),
    path("training/datasets/<int:pk>/", views.dataset, name="training_dataset"),
    path("training/datasets/<int:pk>/remove/", views.remove_sample, name="training_remove_sample"),
    path("training/runs/<int:pk>/", views.run, name="training_run"),
]
