from django.urls import path

from . import views

urlpatterns = [
    path("", views.projects, name="projects"),
    path("signup/", views.signup, name="signup"),
    path("invitations/", views.invitations, name="invitations"),
    path("health/", views.health, name="health"),
    path("projects/<int:project_id>/", views.project, name="project"),
    path("projects/<int:project_id>/runs/new/", views.submit_run, name="submit_run"),
    path("projects/<int:project_id>/check/", views.check_script_view, name="check_script"),
    path("projects/<int:project_id>/inputs/", views.upload_input, name="upload_input"),
    path("projects/<int:project_id>/inputs/<int:input_id>/", views.download_input, name="download_input"),
    path("projects/<int:project_id>/inputs/<int:input_id>/delete/", views.delete_input, name="delete_input"),
    path("projects/<int:project_id>/members/", views.members, name="members"),
    path("projects/<int:project_id>/compare/", views.compare, name="compare"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/live/", views.run_live, name="run_live"),
    path("runs/<int:run_id>/json/", views.run_json, name="run_json"),
    path("runs/<int:run_id>/cancel/", views.cancel_run, name="cancel_run"),
    path("runs/<int:run_id>/rerun/", views.rerun, name="rerun"),
    path("runs/<int:run_id>/log/", views.run_log, name="run_log"),
    path("runs/<int:run_id>/files/<path:name>", views.run_file, name="run_file"),
    path("runs/<int:run_id>/frames/<path:name>", views.run_frames, name="run_frames"),
    path("runs/<int:run_id>/bundle.zip", views.run_bundle, name="run_bundle"),
    path("runs/<int:run_id>/reproduce/", views.reproduce, name="reproduce"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/export.jsonl", views.review_export, name="review_export"),
    path("review/<int:run_id>/", views.review_run, name="review_run"),
]
