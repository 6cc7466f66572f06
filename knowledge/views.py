"""Views of the library, reached through the routes of ``LibraryIndexPage``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.models import WorkflowState

from .feeds import selection_label
from .forms import ArticleContributionForm, LibraryFilterForm
from .models import ArticlePage, LibraryIndexPage
from .permissions import can_contribute
from .selectors import (
    LibraryFilters,
    article_facets,
    article_list,
    article_list_for_owner,
    organisation_choices,
)
from .services import (
    ArticleChanged,
    ArticleDraft,
    ArticleLocked,
    article_draft_create,
    article_draft_update,
    article_is_editable,
)
from .services import (
    article_submit as submit_article,
)

PAGE_SIZE = 20
FACET_LABELS = {
    "kind": gettext_lazy("Sort"),
    "topic": gettext_lazy("Ämne"),
    "county": gettext_lazy("Län"),
    "year": gettext_lazy("År"),
}


def _query(params: dict[str, str]) -> str:
    return f"?{urlencode(params)}" if params else "?"


def _facet_groups(filters: LibraryFilters, facets: dict) -> list[dict]:
    groups = []
    for name, options in facets.items():
        base = filters.without(name).as_params()
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "clear_url": _query(base) if getattr(filters, name) else "",
                "options": [
                    {
                        "label": option.label,
                        "count": option.count,
                        "selected": option.selected,
                        "url": _query({**base, name: option.value}),
                    }
                    for option in options
                ],
            }
        )
    return groups


def library_listing(request: HttpRequest, index_page: LibraryIndexPage) -> TemplateResponse:
    """The library's articles, narrowed by facets, sorted and paginated."""
    context = index_page.get_context(request)
    form = LibraryFilterForm(request.GET)
    if not form.is_valid():
        context["invalid_filter"] = True
        return TemplateResponse(request, "knowledge/library_index_page.html", context, status=400)
    filters = form.filters()
    paginator = Paginator(
        article_list(index_page=index_page, filters=filters, request=request), PAGE_SIZE
    )
    try:
        articles = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage as exc:
        raise Http404 from exc
    feed_params = {k: v for k, v in filters.as_params().items() if k != "sort"}
    feed_query = f"?{urlencode(feed_params)}" if feed_params else ""
    sort_base = {k: v for k, v in filters.as_params().items() if k != "sort"}
    context.update(
        {
            "filters": filters,
            "selection_label": selection_label(filters),
            "facet_groups": _facet_groups(
                filters, article_facets(index_page=index_page, filters=filters, request=request)
            ),
            "articles": articles,
            "paginator": paginator,
            "sort_options": [
                {
                    "label": _("Nyast först"),
                    "url": _query(sort_base),
                    "selected": filters.sort == "newest",
                },
                {
                    "label": _("Titel A–Ö"),
                    "url": _query({**sort_base, "sort": "title"}),
                    "selected": filters.sort == "title",
                },
            ],
            "rss_url": index_page.url + index_page.reverse_subpage("feed-rss") + feed_query,
            "atom_url": index_page.url + index_page.reverse_subpage("feed-atom") + feed_query,
        }
    )
    return TemplateResponse(request, "knowledge/library_index_page.html", context)


def _contributor_or_response(request: HttpRequest, index_page: LibraryIndexPage):
    """None when the visitor may contribute, else the response to give them."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_contribute(request.user):
        return TemplateResponse(
            request,
            "knowledge/contribution_not_allowed.html",
            {"page": index_page, "self": index_page},
            status=403,
        )
    return None


def _own_article(request: HttpRequest, index_page: LibraryIndexPage, article_id: int):
    """The member's own article; anyone else's is a 404, so drafts are not even confirmed."""
    return get_object_or_404(
        ArticlePage.objects.child_of(index_page), pk=article_id, owner=request.user
    )


def _url(index_page: LibraryIndexPage, name: str, *args) -> str:
    return index_page.url + index_page.reverse_subpage(name, args=args)


def _review_states(articles: list[ArticlePage]) -> dict[str, WorkflowState]:
    """The latest review of each article, in one query."""
    if not articles:
        return {}
    states = (
        WorkflowState.objects.filter(
            base_content_type=articles[0].get_base_content_type(),
            object_id__in=[str(article.pk) for article in articles],
        )
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    )
    return {state.object_id: state for state in states}


def _status(article: ArticlePage, state: WorkflowState | None) -> tuple[str, str]:
    """A label for the article's state and the editors' comment, if any."""
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return _("Granskas av redaktionen"), ""
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = state.current_task_state.comment if state.current_task_state else ""
        return _("Behöver ändras"), comment
    if article.live and not article.has_unpublished_changes:
        return _("Publicerad"), ""
    if article.live:
        return _("Publicerad, med ändringar som inte skickats in"), ""
    return _("Utkast"), ""


@never_cache
def my_articles(request: HttpRequest, index_page: LibraryIndexPage) -> HttpResponse:
    """The member's own articles with their review state and the editors' comments."""
    if response := _contributor_or_response(request, index_page):
        return response
    articles = list(article_list_for_owner(user=request.user).child_of(index_page))
    states = _review_states(articles)
    rows = []
    for article in articles:
        state = states.get(str(article.pk))
        label, comment = _status(article, state)
        rows.append(
            {
                "article": article,
                "title": article.latest_revision.object_str
                if article.latest_revision
                else article.title,
                "status": label,
                "comment": comment,
                "editable": not (state and state.status == WorkflowState.STATUS_IN_PROGRESS),
                "submittable": not (state and state.status == WorkflowState.STATUS_IN_PROGRESS)
                and (not article.live or article.has_unpublished_changes),
                "edit_url": _url(index_page, "article-edit", article.pk),
                "preview_url": _url(index_page, "article-preview", article.pk),
                "submit_url": _url(index_page, "article-submit", article.pk),
            }
        )
    return TemplateResponse(
        request,
        "knowledge/my_articles.html",
        {
            "page": index_page,
            "self": index_page,
            "rows": rows,
            "create_url": _url(index_page, "article-create"),
        },
    )


def _draft(form: ArticleContributionForm) -> ArticleDraft:
    data = form.cleaned_data
    return ArticleDraft(
        title=data["title"],
        summary=data["summary"],
        body_sections=form.body_sections(),
        counties=data["counties"],
        topics=data["topics"],
        organisation=data["organisation"],
        image_file=data["image"],
        image_alt=data["image_alt"],
        attachment_files=data["attachments"],
    )


def _form_response(request, index_page, form, article=None, status=200) -> TemplateResponse:
    return TemplateResponse(
        request,
        "knowledge/article_form.html",
        {
            "page": index_page,
            "self": index_page,
            "form": form,
            "article": article,
            "my_articles_url": _url(index_page, "my-articles"),
        },
        status=status,
    )


@never_cache
def article_create(request: HttpRequest, index_page: LibraryIndexPage) -> HttpResponse:
    """A member writes a new experience article; it is saved as a draft."""
    if response := _contributor_or_response(request, index_page):
        return response
    organisations = organisation_choices(request.user)
    if request.method == "POST":
        form = ArticleContributionForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            article = article_draft_create(
                index_page=index_page, user=request.user, draft=_draft(form)
            )
            messages.success(
                request,
                _("Utkastet är sparat. Förhandsgranska det och skicka in det när du är klar."),
            )
            return HttpResponseRedirect(_url(index_page, "article-preview", article.pk))
        return _form_response(request, index_page, form, status=400)
    # The article is the member's organisation's experience unless they say otherwise.
    form = ArticleContributionForm(
        initial={"organisation": organisations.first()}, organisations=organisations
    )
    return _form_response(request, index_page, form)


def _initial(article: ArticlePage) -> dict:
    return {
        "title": article.title,
        "summary": article.summary,
        "counties": list(article.counties.all()),
        "topics": list(article.topics.all()),
        "organisation": article.organisation,
        "image_alt": article.image_alt,
    }


@never_cache
def article_edit(
    request: HttpRequest, index_page: LibraryIndexPage, article_id: int
) -> HttpResponse:
    """The member changes their own draft; the change is a new draft revision."""
    if response := _contributor_or_response(request, index_page):
        return response
    article = _own_article(request, index_page, article_id)
    if not article_is_editable(article):
        messages.error(request, _("Artikeln granskas just nu och kan inte ändras."))
        return HttpResponseRedirect(_url(index_page, "my-articles"))
    latest = article.get_latest_revision_as_object()
    organisations = organisation_choices(request.user, latest)
    if request.method == "POST":
        form = ArticleContributionForm(
            request.POST,
            request.FILES,
            organisations=organisations,
            has_image=bool(latest.image_id),
            body=latest.body,
        )
        if form.is_valid():
            try:
                article_draft_update(
                    article=article,
                    user=request.user,
                    draft=_draft(form),
                    based_on=form.cleaned_data["revision"],
                )
            except ArticleChanged:
                return _changed_meanwhile(request, index_page, article)
            messages.success(request, _("Ändringarna är sparade som utkast."))
            return HttpResponseRedirect(_url(index_page, "article-preview", article.pk))
        return _form_response(request, index_page, form, article=latest, status=400)
    form = ArticleContributionForm(
        initial={**_initial(latest), "revision": article.latest_revision_id},
        organisations=organisations,
        has_image=bool(latest.image_id),
        body=latest.body,
    )
    return _form_response(request, index_page, form, article=latest)


def _changed_meanwhile(
    request: HttpRequest, index_page: LibraryIndexPage, article: ArticlePage
) -> TemplateResponse:
    """The form again, with the member's text and the newer draft's other blocks: 409."""
    article.refresh_from_db()
    latest = article.get_latest_revision_as_object()
    data = request.POST.copy()
    data["revision"] = str(article.latest_revision_id)
    form = ArticleContributionForm(
        data,
        organisations=organisation_choices(request.user, latest),
        has_image=bool(latest.image_id),
        body=latest.body,
    )
    form.is_valid()
    form.add_error(
        None,
        _(
            "Artikeln har ändrats sedan du öppnade den, till exempel av redaktionen. Inget "
            "är sparat än: se över texten nedan, där den senaste versionen nu finns med, "
            "och spara igen. Bilder och bilagor behöver väljas på nytt."
        ),
    )
    return _form_response(request, index_page, form, article=latest, status=409)


@never_cache
def article_preview(
    request: HttpRequest, index_page: LibraryIndexPage, article_id: int
) -> HttpResponse:
    """The member's latest draft as it would look published, with a button to submit it."""
    if response := _contributor_or_response(request, index_page):
        return response
    article = _own_article(request, index_page, article_id)
    latest = article.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = ""
    context = latest.get_context(request)
    context.update(
        {
            "member_preview": True,
            "editable": article_is_editable(article),
            "edit_url": _url(index_page, "article-edit", article.pk),
            "submit_url": _url(index_page, "article-submit", article.pk),
            "my_articles_url": _url(index_page, "my-articles"),
        }
    )
    return TemplateResponse(request, latest.get_template(request), context)


@require_POST
def article_submit(
    request: HttpRequest, index_page: LibraryIndexPage, article_id: int
) -> HttpResponse:
    """Send the member's latest draft to the editors' review (POST only)."""
    if response := _contributor_or_response(request, index_page):
        return response
    article = _own_article(request, index_page, article_id)
    try:
        submit_article(article=article, user=request.user)
    except ArticleLocked:
        messages.error(request, _("Artikeln granskas redan."))
    else:
        messages.success(
            request,
            _(
                "Tack! Artikeln är skickad till redaktionen. "
                "Du får ett e-postmeddelande när den är granskad."
            ),
        )
    return HttpResponseRedirect(_url(index_page, "my-articles"))
