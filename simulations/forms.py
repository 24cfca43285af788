from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator

from .models import PLAIN_NAME, Role


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


def max_script_bytes() -> int:
    from django.conf import settings

    return int(settings.MDWEB_LIMITS["max_script_bytes"])


class RunForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    script = forms.CharField(widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"}),
                             required=False, strip=False)  # fmt: skip
    script_file = forms.FileField(required=False, help_text="or upload an input script")
    ranks = forms.IntegerField(min_value=1, initial=1, required=False, label="MPI ranks",
                               widget=forms.NumberInput(attrs={"min": 1, "style": "max-width: 6rem"}))  # fmt: skip

    def __init__(self, *args, max_ranks: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["script"].widget.attrs["data-max-bytes"] = str(max_script_bytes())
        if max_ranks:
            self.fields["ranks"].max_value = max_ranks
            self.fields["ranks"].widget.attrs["max"] = max_ranks
            self.fields["ranks"].validators.append(MaxValueValidator(max_ranks))
            self.fields["ranks"].help_text = f"this project allows up to {max_ranks}"

    def clean_ranks(self):
        return self.cleaned_data.get("ranks") or 1

    def clean_script(self):
        script = self.cleaned_data.get("script") or ""
        size = len(script.encode("utf-8"))
        if size > max_script_bytes():
            raise forms.ValidationError(f"The script is {size:,} bytes; the limit is {max_script_bytes():,}. Put large "
                                        "data (atoms, tables) in an input file and read it with read_data.")  # fmt: skip
        return script

    def clean(self):
        data = super().clean()
        upload = data.get("script_file")
        if upload:
            if upload.size > max_script_bytes():
                raise forms.ValidationError(f"The script file is larger than {max_script_bytes():,} bytes.")
            try:
                data["script"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("The script file is not text (UTF-8/ASCII).") from None
            data["source"] = "upload"
            if not data.get("title"):
                data["title"] = upload.name[:200]
        else:
            data["source"] = "paste"
        if not (data.get("script") or "").strip():
            raise forms.ValidationError("Paste a LAMMPS script or upload one.")
        return data


class InputFileForm(forms.Form):
    file = forms.FileField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not PLAIN_NAME.match(upload.name):
            raise forms.ValidationError(
                f"'{upload.name}' is not a plain file name (letters, digits, . _ -; at most 64 characters): "
                "scripts refer to input files by such names."
            )
        limit = settings.MDWEB_MAX_INPUT_FILE_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {limit} MB.")
        return upload


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices)

    def clean_username(self):
        name = self.cleaned_data["username"]
        try:
            self.cleaned_data["user"] = get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(f"No user called '{name}'.") from None
        return name


class ReviewForm(forms.Form):
    reviewed = forms.BooleanField(required=False)
    for_training = forms.BooleanField(required=False, label="Use for training")
    corrected_script = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}), required=False, strip=False
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
