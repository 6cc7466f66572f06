"""Questionnaires as a snippet under the admin menu's ”Enkäter”."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Questionnaire


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "list-ul"
    menu_label = _("Frågeformulär")
    menu_name = "questionnaires"
    list_display = ["title", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 250


register_snippet(QuestionnaireViewSet)
