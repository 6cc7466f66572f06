"""Forms of the library: the facet selection and members' article form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import StreamValue

from core.forms import CountyChoiceField
from core.models import County, Topic
from members.models import Organisation

from .models import ArticleKind
from .sanitize import sanitise_member_html
from .selectors import SORT_ORDERS, LibraryFilters
from .services import MEMBER_TEXT_BLOCK, member_text_sections
from .uploads import validate_attachment, validate_image


class LibraryFilterForm(forms.Form):
    """Validates the library's GET parameters; unknown values make the form invalid."""

    kind = forms.ChoiceField(choices=ArticleKind.choices, required=False)
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug", required=False)
    county = CountyChoiceField()
    year = forms.IntegerField(min_value=1900, max_value=2200, required=False)
    sort = forms.ChoiceField(choices=[(key, key) for key in SORT_ORDERS], required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def filters(self) -> LibraryFilters:
        """The cleaned selection."""
        data = self.cleaned_data
        return LibraryFilters(
            kind=data["kind"],
            topic=data["topic"],
            county=data["county"],
            year=data["year"],
            sort=data["sort"] or "newest",
        )


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field whose cleaned value is a list of files, each validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


MEMBER_BODY_HELP = _(
    "Skriv stycken åtskilda av en tom rad. Du kan använda HTML för rubriker (h2, h3), "
    "fetstil (strong), kursiv (em), listor (ul, ol, li) och länkar (a href). "
    "All annan kod tas bort."
)


class ArticleContributionForm(forms.Form):
    """A member's experience article, written on the site itself."""

    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"max_length": _("Rubriken får vara högst %(limit_value)d tecken.")},
    )
    summary = forms.CharField(
        label=_("Sammanfattning"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Två–tre meningar som visas i listor och sökträffar."),
    )
    body = forms.CharField(
        label=_("Brödtext"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=MEMBER_BODY_HELP,
    )
    counties = forms.ModelMultipleChoiceField(
        County.objects.all(),
        label=_("Län som berörs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        label=_("Ämnen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Narrowed to the member's own organisation in __init__; editors choose any in the admin.
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Organisation"),
        required=False,
        empty_label=_("Ingen organisation angiven"),
        help_text=_("Organisationen som genomförde insatsen. Redaktionen kontrollerar uppgiften."),
        error_messages={
            "invalid_choice": _("Du kan bara ange din egen organisation, eller ingen."),
        },
    )
    image = forms.FileField(
        label=_("Bild"),
        required=False,
        help_text=_("JPEG, PNG, WebP eller GIF."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    image_alt = forms.CharField(
        label=_("Alternativtext till bilden"),
        max_length=250,
        required=False,
        help_text=_("Beskriv bildens innehåll för den som inte ser den. Krävs om du har en bild."),
    )
    attachments = MultipleFileField(
        label=_("Bilagor"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, CSV eller text."),
    )
    # The draft revision the member started from: a later one means someone else saved.
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        organisations: QuerySet[Organisation],
        has_image: bool = False,
        body: StreamValue | None = None,
        **kwargs,
    ):
        """``organisations`` are those the member may name (``organisation_choices``);
        ``body`` is the draft's current body when editing: its text blocks each get a box."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.has_image = has_image
        self.fields["topics"].label_from_instance = lambda topic: topic.label
        self.current_body = body if body is not None else []
        self.section_names = ["body"]
        sections = member_text_sections(self.current_body)
        if len(sections) > 1:
            self._add_sections(len(sections))
        for name, block in zip(self.section_names, sections, strict=False):
            self.initial.setdefault(name, block.value.source)

    def _add_sections(self, count: int) -> None:
        """One text box per text block; the first stays required, later ones may be emptied."""
        fields = list(self.fields.items())
        position = [name for name, _field in fields].index("body") + 1
        self.fields["body"].label = _("Brödtext, del 1 av %(count)d") % {"count": count}
        extra = []
        for number in range(2, count + 1):
            name = f"body_{number}"
            self.section_names.append(name)
            extra.append(
                (
                    name,
                    forms.CharField(
                        label=_("Brödtext, del %(number)d av %(count)d")
                        % {"number": number, "count": count},
                        max_length=50_000,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 8}),
                        help_text=_("Töm rutan för att ta bort den här delen."),
                    ),
                )
            )
        self.fields = dict(fields[:position] + extra + fields[position:])

    def layout(self) -> list[dict]:
        """The fields in order, with the body's other blocks read-only between its text boxes.

        A body without text blocks gets its text box after the kept blocks, which is
        where the new text is added.
        """
        items = []
        for field in self:
            if field.is_hidden or field.name in self.section_names[1:]:
                continue
            if field.name != "body":
                items.append({"field": field})
                continue
            boxes = iter(self[name] for name in self.section_names)
            for block in self.current_body:
                if block.block_type == MEMBER_TEXT_BLOCK:
                    items.append({"field": next(boxes)})
                else:
                    items.append({"kept": block})
            items.extend({"field": box} for box in boxes)
        return items

    def body_sections(self) -> list[str | None]:
        """The cleaned (sanitised) text of each box, in body order.

        None for a box the member never saw: a text block an editor added after the
        form was shown, which is kept as it is.
        """
        return [self.cleaned_data.get(name, "") for name in self.section_names]

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Skriv en rubrik."))
        return title

    def clean_body(self) -> str:
        html = sanitise_member_html(self.cleaned_data["body"])
        if not html:
            raise ValidationError(_("Skriv artikelns text."))
        return html

    def clean(self):
        cleaned = super().clean()
        for name in self.section_names[1:]:
            submitted = name in self.data
            cleaned[name] = sanitise_member_html(cleaned.get(name, "")) if submitted else None
        has_image = self.has_image or cleaned.get("image")
        if has_image and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", _("Skriv en alternativtext till bilden."))
        return cleaned

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image:
            validate_image(image)
        return image

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        for uploaded in files:
            validate_attachment(uploaded)
        return files
