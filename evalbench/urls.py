from django.urls import path

from . import views

urlpatterns = [
    path("benchmarks/", views.runs, name="benchmarks"),
    path("benchmarks/<int:bench_id>/", views.run_detail, name="benchmark"),
    path("benchmarks/<int:bench_id>/tasks/<str:task_id>/", views.task_detail, name="benchmark_task"),
]
