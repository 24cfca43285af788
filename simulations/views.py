"""Thin views: access checks and forms here, the work in services/jobs/engine."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import frames, janitor, services, sweeps
from .forms import InputFileForm, MemberForm, ProjectForm, ReviewForm, RunForm
from .models import FINAL, InputFile, Invitation, Membership, Project, Review, Role, Run, RunStatus


def staff_required(view):
    """Staff only: anonymous users go to the login page, logged-in others get 403."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied("This page is for staff.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def signup(request):
    """Self-signup when MDWEB_SIGNUP=open; otherwise only with a staff invitation link."""
    if request.user.is_authenticated:
        return redirect("projects")
    token = request.POST.get("invite") or request.GET.get("invite") or ""
    invitation = services.usable_invitation(token)
    if settings.MDWEB_SIGNUP != "open" and invitation is None:
        status = 403 if token else 200
        return render(request, "registration/signup_closed.html", {"bad_token": bool(token)}, status=status)
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_account(form, invitation)
        if user is None:
            return render(request, "registration/signup_closed.html", {"bad_token": True}, status=403)
        login(request, user)
        messages.success(request, f"Welcome, {user.username}. Create a project to start.")
        return redirect("projects")
    return render(request, "registration/signup.html", {"form": form, "invite": token})


@staff_required
def invitations(request):
    if request.method == "POST":
        invitation = services.invite(request.user, request.POST.get("note", ""))
        messages.success(request, "Invitation created: send the link below to the person it is for.")
        return redirect(f"{request.path}?new={invitation.pk}")
    items = Invitation.objects.select_related("created_by", "used_by")[:100]
    new = request.GET.get("new", "")
    return render(request, "simulations/invitations.html", {
        "invitations": items, "new": int(new) if new.isdigit() else None,
        "signup_url": request.build_absolute_uri(reverse("signup")),
    })  # fmt: skip


@login_required
def projects(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            project = Project.objects.create(
                name=form.cleaned_data["name"], description=form.cleaned_data["description"], created_by=request.user
            )
            Membership.objects.create(project=project, user=request.user, role=Role.OWNER)
        return redirect("project", project_id=project.pk)
    items = Project.visible_to(request.user).annotate(n_runs=Count("runs", distinct=True))
    return render(request, "simulations/projects.html", {"projects": items, "form": form})


SORTS = {"newest": "-created_at", "oldest": "created_at", "title": "title", "status": "status", "wall": "-wall_s"}
PAGE_SIZE = 50


def _filtered_runs(request, project):
    runs = project.runs.select_related("author")
    g = request.GET
    status, error_class, author = g.get("status", ""), g.get("error_class", ""), g.get("author", "")
    q, tag, sort = g.get("q", "").strip(), g.get("tag", "").strip().lower(), g.get("sort", "newest")
    archived = g.get("archived", "") == "1"
    runs = runs.filter(archived=archived)
    if status:
        runs = runs.filter(status=status)
    if error_class:
        runs = runs.filter(error_class=error_class)
    if author:
        runs = runs.filter(author__username=author)
    if q:
        runs = runs.filter(Q(title__icontains=q) | Q(script__icontains=q) | Q(error_message__icontains=q))
    if tag:
        runs = runs.filter(tags__icontains=f'"{tag}"')
    runs = runs.order_by(SORTS.get(sort, "-created_at"), "-id")
    return runs, {"status": status, "error_class": error_class, "author": author, "q": q, "tag": tag, "sort": sort,
                  "archived": "1" if archived else ""}  # fmt: skip


def _page(request, runs):
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    total = runs.count()
    items = list(runs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return items, {"page": page, "pages": max(1, -(-total // PAGE_SIZE)), "total": total,
                   "prev": page - 1 if page > 1 else None, "next": page + 1 if page * PAGE_SIZE < total else None}  # fmt: skip


@login_required
def project(request, project_id):
    project, role = services.project_for(request.user, project_id)
    janitor.reap_lost_runs()
    runs, filters = _filtered_runs(request, project)
    items, paging = _page(request, runs)
    context = {
        "project": project,
        "role": role,
        "can_edit": role in (Role.EDITOR, Role.OWNER),
        "runs": items,
        "paging": paging,
        "sorts": list(SORTS),
        "filters": filters,
        "sweeps": project.sweeps.all()[:10],
        "statuses": RunStatus.choices,
        "error_classes": project.runs.exclude(error_class="").values_list("error_class", flat=True).distinct(),
        "authors": project.runs.exclude(author=None).values_list("author__username", flat=True).distinct(),
        "inputs": project.input_files.all(),
        "run_form": RunForm(max_ranks=project.rank_cap),
        "file_form": InputFileForm(),
        "members": project.memberships.select_related("user").order_by("user__username"),
    }
    if request.headers.get("HX-Request") and request.GET.get("partial") == "runs":
        return render(request, "simulations/_run_table.html", context)
    return render(request, "simulations/project.html", context)


@login_required
@require_POST
def submit_run(request, project_id):
    project, _ = services.project_for(request.user, project_id, Role.EDITOR)
    form = RunForm(request.POST, request.FILES, max_ranks=project.rank_cap)
    if not form.is_valid():
        for name, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"MPI ranks: {e}" if name == "ranks" else e)
        return redirect("project", project_id=project.pk)
    try:
        run = services.submit(project, request.user, form.cleaned_data["script"], title=form.cleaned_data["title"],
                              source=form.cleaned_data["source"], ranks=form.cleaned_data["ranks"])  # fmt: skip
    except (services.QuotaExceeded, services.SandboxUnavailable, services.RanksRefused) as exc:
        messages.error(request, str(exc))
        return redirect("project", project_id=project.pk)
    return redirect("run", run_id=run.pk)


@login_required
@require_POST
def upload_input(request, project_id):
    project, _ = services.project_for(request.user, project_id, Role.EDITOR)
    form = InputFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect("project", project_id=project.pk)
    upload = form.cleaned_data["file"]
    existing = project.input_files.filter(name=upload.name).first()
    if existing:
        existing.file.delete(save=False)
        existing.delete()
    item = InputFile(project=project, name=upload.name, size=upload.size, uploaded_by=request.user)
    item.file.save(upload.name, upload, save=False)
    item.compute_hash()
    try:
        item.save()
    except IntegrityError:
        messages.error(request, f"{upload.name} was uploaded at the same time by someone else; try again.")
        return redirect("project", project_id=project.pk)
    messages.success(request, f"Uploaded {item.name} ({item.size:,} bytes).")
    return redirect("project", project_id=project.pk)


@login_required
@require_POST
def delete_input(request, project_id, input_id):
    project, _ = services.project_for(request.user, project_id, Role.EDITOR)
    item = get_object_or_404(InputFile, pk=input_id, project=project)
    item.file.delete(save=False)
    item.delete()
    messages.success(request, f"Deleted {item.name}.")
    return redirect("project", project_id=project.pk)


@login_required
def download_input(request, project_id, input_id):
    project, _ = services.project_for(request.user, project_id)
    item = get_object_or_404(InputFile, pk=input_id, project=project)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def members(request, project_id):
    project, role = services.project_for(request.user, project_id, Role.OWNER)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if action == "remove":
            raw = request.POST.get("membership", "")
            if not raw.isdigit():
                messages.error(request, "That membership does not exist.")
                return redirect("members", project_id=project.pk)
            member = get_object_or_404(Membership, pk=int(raw), project=project)
            if member.role == Role.OWNER and project.memberships.filter(role=Role.OWNER).count() == 1:
                messages.error(request, "A project needs at least one owner.")
            else:
                member.delete()
                messages.success(request, f"Removed {member.user.username}.")
            return redirect("members", project_id=project.pk)
        if form.is_valid():
            user = form.cleaned_data["user"]
            new_role = form.cleaned_data["role"]
            member, created = Membership.objects.get_or_create(project=project, user=user, defaults={"role": new_role})
            if not created:
                if member.role == Role.OWNER and new_role != Role.OWNER and \
                        project.memberships.filter(role=Role.OWNER).count() == 1:  # fmt: skip
                    messages.error(request, "A project needs at least one owner.")
                    return redirect("members", project_id=project.pk)
                member.role = new_role
                member.save(update_fields=["role"])
            messages.success(request, f"{user.username} is now {new_role}.")
            return redirect("members", project_id=project.pk)
    return render(request, "simulations/members.html", {
        "project": project, "role": role, "form": form,
        "members": project.memberships.select_related("user").order_by("user__username"),
    })  # fmt: skip


@login_required
def run_detail(request, run_id):
    janitor.reap_lost_runs()
    run, role = services.run_for(request.user, run_id)
    checks = run.checks or []
    return render(request, "simulations/run.html", {
        "run": run, "project": run.project, "role": role, "can_edit": role in (Role.EDITOR, Role.OWNER),
        "checks": checks, "thermo_json": run.thermo or [], "log_tail": _tail(run.log, 80),
        "structure_files": frames.viewable(run.files or []) if run.workdir else [],
        "repro": services.reproducibility_rows(run), "reproduction": services.reproduction_of(run),
        "sweep_variables": sweeps.sweepable(run.script),
    })  # fmt: skip


@login_required
@require_POST
def check_script_view(request, project_id):
    """The editor's check as you type: the validator's errors and warnings with their lines and
    suggested fixes, and the script highlighted (HTML fragment; JSON with ?format=json)."""
    project, _ = services.project_for(request.user, project_id, Role.EDITOR)
    from simulations.engine import check_script

    script = request.POST.get("script", "")
    inputs = {f.name: Path(f.file.path) for f in project.input_files.all()}
    report = check_script(script, input_files=inputs)
    data = report.to_dict()
    if request.GET.get("format") == "json":
        return HttpResponse(json.dumps({"ok": data["ok"], "errors": data["errors"], "warnings": data["warnings"]}),
                            content_type="application/json")  # fmt: skip
    if not script.strip():
        return HttpResponse("")  # an empty new-run form is not an error yet: nothing to say before typing
    from assistant.render import render as render_code

    return render(request, "simulations/_editor_check.html", {
        "report": data, "preview": render_code(f"```lammps\n{script}\n```") if script.strip() else "",
    })  # fmt: skip


@login_required
def run_frames(request, run_id, name):
    """Frames of a dump, data or xyz file of the run, for the 3D viewer (binary, see frames.py)."""
    run, _ = services.run_for(request.user, run_id)
    if name not in frames.viewable(run.files or []) or not run.workdir:
        raise Http404("No such structure file in this run")
    path = Path(run.workdir) / name
    try:
        max_frames = max(1, min(int(request.GET.get("frames", 100)), 500))
    except ValueError:
        max_frames = 100
    try:
        items, stride = frames.read_frames(path, max_frames=max_frames)
        blob = frames.encode(items, stride)
    except (frames.FramesError, OSError) as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain")
    return HttpResponse(blob, content_type="application/octet-stream")


@login_required
def run_bundle(request, run_id):
    run, _ = services.run_for(request.user, run_id)
    response = HttpResponse(services.bundle_bytes(run), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="mdweb-run-{run.pk}.zip"'
    return response


@login_required
@require_POST
def reproduce(request, run_id):
    run, _ = services.run_for(request.user, run_id, Role.EDITOR)
    try:
        new = services.submit(run.project, request.user, run.script, title=f"Reproduction of run {run.pk}",
                              source="reproduce", parent=run, ranks=min(run.ranks, run.project.rank_cap))  # fmt: skip
    except (services.QuotaExceeded, services.SandboxUnavailable, services.RanksRefused) as exc:
        messages.error(request, str(exc))
        return redirect("run", run_id=run.pk)
    return redirect("run", run_id=new.pk)


@login_required
def run_live(request, run_id):
    """The live fragment (htmx polling fallback when the WebSocket is unavailable)."""
    janitor.reap_lost_runs()
    run, _ = services.run_for(request.user, run_id)
    return render(request, "simulations/_run_live.html", {"run": run})


@login_required
def run_json(request, run_id):
    run, _ = services.run_for(request.user, run_id)
    data = {
        "id": run.pk, "project": run.project_id, "status": run.status, "status_reason": run.status_reason,
        "error": run.error, "error_class": run.error_class, "natoms": run.natoms, "thermo": run.thermo,
        "checks": run.checks, "files": run.files, "wall_s": run.wall_s, "lammps_version": run.lammps_version,
        "progress": run.progress, "reproducibility": run.reproducibility,
    }  # fmt: skip
    return HttpResponse(json.dumps(data), content_type="application/json")


@login_required
@require_POST
def cancel_run(request, run_id):
    run, _ = services.run_for(request.user, run_id, Role.EDITOR)
    if not services.cancel(run):
        messages.info(request, f"Run {run.pk} had already finished ({run.get_status_display()}).")
    if request.headers.get("HX-Request"):
        run.refresh_from_db()
        return render(request, "simulations/_run_live.html", {"run": run})
    return redirect("run", run_id=run.pk)


@login_required
def rerun(request, run_id):
    run, _ = services.run_for(request.user, run_id, Role.EDITOR)
    if request.method == "POST":
        script = request.POST.get("script")
        try:
            new = services.rerun(run, request.user, script if script is not None and script.strip() else None)
        except (services.QuotaExceeded, services.SandboxUnavailable, services.RanksRefused) as exc:
            messages.error(request, str(exc))
            return redirect("run", run_id=run.pk)
        return redirect("run", run_id=new.pk)
    return render(request, "simulations/rerun.html", {"run": run, "project": run.project})


@login_required
def run_file(request, run_id, name):
    run, _ = services.run_for(request.user, run_id)
    if name not in (run.files or []) or not run.workdir:
        raise Http404("No such file")
    base = Path(run.workdir).resolve()
    path = (base / name).resolve()
    if base not in path.parents or not path.is_file() or path.is_symlink():
        raise Http404("No such file")
    ctype = mimetypes.guess_type(name)[0] or "text/plain"
    if ctype.startswith("text/html") or ctype == "image/svg+xml":
        ctype = "text/plain"  # never render run output as a page
    return FileResponse(path.open("rb"), as_attachment=True, filename=Path(name).name, content_type=ctype)


@login_required
def run_log(request, run_id):
    run, _ = services.run_for(request.user, run_id)
    response = HttpResponse(run.log, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-log.lammps"'
    return response


@login_required
def compare(request, project_id):
    project, _ = services.project_for(request.user, project_id)
    ids = [int(x) for x in request.GET.getlist("runs") if x.isdigit()]
    runs = list(project.runs.filter(pk__in=ids).exclude(thermo=[]))
    series = [{"id": r.pk, "title": r.display_title, "thermo": r.thermo} for r in runs]
    candidates = project.runs.exclude(thermo=[]).order_by("-created_at")[:100]
    return render(request, "simulations/compare.html", {
        "project": project, "runs": runs, "series": series, "candidates": candidates, "selected": ids,
    })  # fmt: skip


def _tail(text: str, lines: int) -> str:
    return "\n".join((text or "").splitlines()[-lines:])


# ---- admin review of failed scripts ---------------------------------------------------


@staff_required
def review_queue(request):
    show = request.GET.get("show", "open")
    failed = Run.objects.filter(status__in=[RunStatus.FAILED, RunStatus.REJECTED, RunStatus.TIMED_OUT])
    if show == "open":
        failed = failed.filter(Q(review__isnull=True) | Q(review__reviewed=False))
    elif show == "reviewed":
        failed = failed.filter(review__reviewed=True)
    groups: dict[str, list[Run]] = {}
    for run in failed.select_related("project", "author", "review").order_by("error_class", "-created_at")[:500]:
        groups.setdefault(run.error_class or "unclassified", []).append(run)
    counts = sorted(((k, len(v)) for k, v in groups.items()), key=lambda kv: -kv[1])
    return render(request, "simulations/review_queue.html", {"groups": groups, "counts": counts, "show": show})


@staff_required
def review_run(request, run_id):
    run = get_object_or_404(Run.objects.select_related("project", "author"), pk=run_id)
    review, _ = Review.objects.get_or_create(run=run)
    form = ReviewForm(request.POST or None, initial={
        "reviewed": review.reviewed, "for_training": review.for_training,
        "corrected_script": review.corrected_script or run.script, "notes": review.notes,
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        review.reviewed = form.cleaned_data["reviewed"]
        review.for_training = form.cleaned_data["for_training"]
        review.corrected_script = form.cleaned_data["corrected_script"]
        review.notes = form.cleaned_data["notes"]
        review.reviewer = request.user
        review.reviewed_at = timezone.now()
        if request.POST.get("action") == "run":
            if not review.corrected_script.strip():
                raise PermissionDenied("Write a corrected script first.")
            # Admins act in the project as the review: staff can submit to any project here.
            corrected = Run.objects.create(project=run.project, author=request.user, script=review.corrected_script,
                                           title=f"Correction of run {run.pk}", source="review", parent=run)  # fmt: skip
            services.queue_after_commit(corrected)
            review.corrected_run = corrected
            review.save()
            messages.success(request, f"Corrected script queued as run {corrected.pk}.")
            return redirect("review_run", run_id=run.pk)
        review.save()
        messages.success(request, "Review saved.")
        return redirect("review_run", run_id=run.pk)
    return render(request, "simulations/review_run.html", {
        "run": run, "review": review, "form": form, "log_tail": _tail(run.log, 60),
    })  # fmt: skip


@staff_required
def review_export(request):
    """Reviewed failures with their corrections, one JSON object per line (training data)."""
    reviews = Review.objects.filter(reviewed=True).select_related("run", "corrected_run", "reviewer")
    if request.GET.get("training") == "1":
        reviews = reviews.filter(for_training=True)

    def lines():
        for r in reviews.order_by("pk").iterator():
            corrected = r.corrected_run
            yield json.dumps({
                "run_id": r.run.pk,
                "project_id": r.run.project_id,
                "script": r.run.script,
                "status": r.run.status,
                "error": {"class": r.run.error_class, "message": r.run.error_message, "hint": r.run.error_hint,
                          "line": r.run.error_line},
                "log_excerpt": _tail(r.run.log, 40),
                "corrected_script": r.corrected_script,
                "corrected_run": {"id": corrected.pk, "status": corrected.status} if corrected else None,
                "for_training": r.for_training,
                "notes": r.notes,
                "reviewer": r.reviewer.username if r.reviewer else None,
                "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
                "lammps_version": r.run.lammps_version,
            }) + "\n"  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="reviewed-failures.jsonl"'
    return response


def health(request):
    """Is the queue reachable and is a worker alive? (shown in the page header)"""
    import django_rq
    from rq import Worker

    from mdweb.supervisor import read_state

    data = {"database": True, "redis": False, "workers": 0, "chat_workers": 0, "final_states": list(FINAL)}
    try:
        conn = django_rq.get_connection("default")
        conn.ping()
        data["redis"] = True
        workers = Worker.all(connection=conn)
        data["workers"] = sum("default" in w.queue_names() for w in workers)
        data["chat_workers"] = sum("chat" in w.queue_names() for w in workers)
        data["queued"] = len(django_rq.get_queue("default"))
    except Exception as exc:
        data["redis_error"] = str(exc)[:200]
    state = read_state(Path(settings.BASE_DIR) / "var" / "supervisor.json")
    if state:
        data["restarts"] = {name: c["restarts"] for name, c in state["children"].items() if c["restarts"]}
        data["down"] = [name for name, c in state["children"].items() if not c["alive"]]
    return HttpResponse(json.dumps(data), content_type="application/json")


@login_required
@require_POST
def sweep_new(request, run_id):
    """A sweep from a run's script: variable(s) and their values from the run page's form."""
    run, _ = services.run_for(request.user, run_id, Role.EDITOR)
    axes = {}
    for key in ("1", "2"):
        name = request.POST.get(f"variable{key}", "").strip()
        if name:
            try:
                axes[name] = sweeps.parse_values(request.POST.get(f"values{key}", ""))
            except sweeps.SweepError as exc:
                messages.error(request, f"{name}: {exc}")
                return redirect("run", run_id=run.pk)
    if not axes:
        messages.error(request, "Choose a variable to sweep.")
        return redirect("run", run_id=run.pk)
    try:
        sweep = services.submit_sweep(run.project, request.user, run.script, axes, title=request.POST.get("title", ""))
    except (sweeps.SweepError, services.QuotaExceeded, services.SandboxUnavailable) as exc:
        messages.error(request, str(exc))
        return redirect("run", run_id=run.pk)
    return redirect("sweep", sweep_id=sweep.pk)


@login_required
def sweep_detail(request, sweep_id):
    from .models import Sweep

    sweep = get_object_or_404(Sweep, pk=sweep_id)
    _, role = services.project_for(request.user, sweep.project_id)
    if request.method == "POST":
        if role not in (Role.EDITOR, Role.OWNER):
            raise PermissionDenied("Cancelling needs the editor role.")
        n = services.cancel_sweep(sweep)
        messages.success(request, f"Cancelled {n} run(s) of the sweep.")
        return redirect("sweep", sweep_id=sweep.pk)
    runs = list(sweep.runs.order_by("id"))
    rows = [{"run": r, "values": r.sweep_values, "final": sweeps.final_values(r.thermo)} for r in runs]
    columns = [
        c for c in ("Temp", "Press", "PotEng", "TotEng", "Volume", "E_pair") if any(c in row["final"] for row in rows)
    ]
    series = [
        {"name": ", ".join(f"{k}={v}" for k, v in r.sweep_values.items()), "thermo": r.thermo} for r in runs if r.thermo
    ]
    return render(request, "simulations/sweep.html", {
        "sweep": sweep, "project": sweep.project, "role": role, "can_edit": role in (Role.EDITOR, Role.OWNER),
        "rows": rows, "columns": columns, "series": series, "variables": list(sweep.axes),
        "active": any(r.is_active for r in runs),
    })  # fmt: skip


@login_required
@require_POST
def run_manage(request, run_id):
    """Tags and archiving (editors), deleting (owners, with confirmation)."""
    action = request.POST.get("action", "")
    minimum = Role.OWNER if action == "delete" else Role.EDITOR
    run, _ = services.run_for(request.user, run_id, minimum)
    if action == "tags":
        services.set_tags(run, request.POST.get("tags", ""))
        messages.success(request, "Tags saved.")
    elif action in ("archive", "unarchive"):
        services.archive(run, action == "archive")
        messages.success(request, "Archived." if action == "archive" else "Back in the list.")
    elif action == "delete":
        if request.POST.get("confirm") != f"delete run {run.pk}":
            messages.error(request, f"To delete, type “delete run {run.pk}”.")
            return redirect("run", run_id=run.pk)
        project_id = run.project_id
        services.delete_run(run)
        messages.success(request, f"Run {run_id} deleted.")
        return redirect("project", project_id=project_id)
    return redirect("run", run_id=run.pk)


@login_required
def project_settings(request, project_id):
    """Rename or delete a project (owners)."""
    project, role = services.project_for(request.user, project_id, Role.OWNER)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            if request.POST.get("confirm") != project.name:
                messages.error(request, "To delete the project, type its name exactly.")
                return redirect("project_settings", project_id=project.pk)
            name = project.name
            project.delete()
            messages.success(request, f"Project “{name}” deleted.")
            return redirect("projects")
        form = ProjectForm(request.POST)
        if form.is_valid():
            project.name = form.cleaned_data["name"]
            project.description = form.cleaned_data["description"]
            project.save(update_fields=["name", "description"])
            messages.success(request, "Project saved.")
            return redirect("project", project_id=project.pk)
    form = ProjectForm(initial={"name": project.name, "description": project.description})
    return render(request, "simulations/project_settings.html", {"project": project, "role": role, "form": form})
