from django.db.models import Count

from .filters import ProgramFilter
from .forms import EvaluationForm, ProgramForm, RecommendationFormSet
from .models import Evaluation, Program
from .staff import StaffCreateView, StaffDeleteView, StaffDetailView, StaffListView, StaffUpdateView


class ProgramList(StaffListView):
    model = Program
    filterset_class = ProgramFilter
    title = "Programas y fondos"
    template_name = "programs/program_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("agency").annotate(
            evaluation_count=Count("evaluations", distinct=True), plan_count=Count("plans", distinct=True)
        ).order_by("key")


class ProgramDetail(StaffDetailView):
    model = Program

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evaluations=self.object.evaluations.select_related("type").annotate(recommendation_count=Count("recommendations")).order_by("-year", "pk"),
            plans=self.object.plans.select_related("cycle").annotate(aspect_count=Count("aspects")).order_by("-cycle__year"),
            **kwargs,
        )


class ProgramCreate(StaffCreateView):
    model = Program
    form_class = ProgramForm


class ProgramUpdate(StaffUpdateView):
    model = Program
    form_class = ProgramForm


class ProgramDelete(StaffDeleteView):
    model = Program


class EvaluationDetail(StaffDetailView):
    model = Evaluation

    def get_queryset(self):
        return super().get_queryset().select_related("program__agency", "type")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendations=self.object.recommendations.select_related("scope", "duplicates"), **kwargs
        )


class EvaluationCreate(StaffCreateView):
    model = Evaluation
    form_class = EvaluationForm
    parent_model = Program
    parent_field = "program"
    formset_classes = {"recommendations": RecommendationFormSet}


class EvaluationUpdate(StaffUpdateView):
    model = Evaluation
    form_class = EvaluationForm
    formset_classes = {"recommendations": RecommendationFormSet}


class EvaluationDelete(StaffDeleteView):
    model = Evaluation
